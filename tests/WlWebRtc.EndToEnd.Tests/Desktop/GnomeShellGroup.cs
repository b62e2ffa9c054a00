using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.EndToEnd.Tests.Desktop;

/// <summary>A headless GNOME Shell session with a 640x480 monitor, small as the machine is shared.</summary>
public sealed class SmallGnomeShell : HeadlessGnomeShell
{
    public SmallGnomeShell()
        : base(new HeadlessDesktopOptions(640, 480) { ReadyTimeout = TimeSpan.FromSeconds(60) })
    {
    }
}

/// <summary>Tests in this collection share one headless GNOME Shell.</summary>
[CollectionDefinition(Name)]
public sealed class GnomeShellGroup : ICollectionFixture<SmallGnomeShell>
{
    public const string Name = "gnome-shell";
}
