using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Kde.Tests.Support;

/// <summary>A headless KWin (1280x720 virtual output) that grants this test process the restricted protocols.</summary>
public sealed class GrantedKwin : HeadlessKwin
{
    public const int Width = 1280;
    public const int Height = 720;
}

/// <summary>Tests in this collection share one headless KWin.</summary>
[CollectionDefinition(Name)]
public sealed class KwinGroup : ICollectionFixture<GrantedKwin>
{
    public const string Name = "kwin";
}
