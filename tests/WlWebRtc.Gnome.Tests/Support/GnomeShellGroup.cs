using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests.Support;

/// <summary>A headless GNOME Shell session with a 640x480 virtual monitor (small: the machine is shared).</summary>
public sealed class SmallGnomeShell : HeadlessGnomeShell
{
    public const int Width = 640;
    public const int Height = 480;

    public SmallGnomeShell()
        : base(new HeadlessDesktopOptions(Width, Height) { ReadyTimeout = TimeSpan.FromSeconds(60) })
    {
    }
}

/// <summary>Tests in this collection share one headless GNOME Shell.</summary>
[CollectionDefinition(Name)]
public sealed class GnomeShellGroup : ICollectionFixture<SmallGnomeShell>
{
    public const string Name = "gnome-shell";
}
