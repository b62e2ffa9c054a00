using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.EndToEnd.Tests.Desktop;

/// <summary>Tests in this collection share one headless desktop (xunit needs the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class DesktopGroup : ICollectionFixture<HeadlessDesktop>
{
    public const string Name = "desktop";
}
