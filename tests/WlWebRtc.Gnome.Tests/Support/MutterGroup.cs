using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests.Support;

/// <summary>A headless GNOME session with a 640x480 virtual monitor (small: the machine is shared).</summary>
public sealed class SmallMutter : HeadlessMutter
{
    public const int Width = 640;
    public const int Height = 480;

    public SmallMutter()
        : base(new HeadlessDesktopOptions(Width, Height), withMutter: true)
    {
    }
}

/// <summary>Tests in this collection share one headless mutter.</summary>
[CollectionDefinition(Name)]
public sealed class MutterGroup : ICollectionFixture<SmallMutter>
{
    public const string Name = "mutter";
}
