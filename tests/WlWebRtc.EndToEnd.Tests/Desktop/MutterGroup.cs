using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.EndToEnd.Tests.Desktop;

/// <summary>A headless GNOME session (mutter) with a 640x480 monitor, small as the machine is shared.</summary>
public sealed class SmallMutter : HeadlessMutter
{
    public SmallMutter()
        : base(new HeadlessDesktopOptions(640, 480), withMutter: true)
    {
    }
}

/// <summary>Tests in this collection share one headless mutter.</summary>
[CollectionDefinition(Name)]
public sealed class MutterGroup : ICollectionFixture<SmallMutter>
{
    public const string Name = "mutter";
}
