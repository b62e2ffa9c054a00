using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests.Support;

/// <summary>Tests in this collection share one headless mutter with GNOME's portal.</summary>
[CollectionDefinition(Name)]
public sealed class GnomePortalGroup : ICollectionFixture<HeadlessGnomePortal>
{
    public const string Name = "gnome-portal";
}
