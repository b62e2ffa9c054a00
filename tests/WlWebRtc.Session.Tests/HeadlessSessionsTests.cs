using WlWebRtc.Session.Desktop;
using WlWebRtc.Session.Mutter;
using WlWebRtc.Session.Sway;

namespace WlWebRtc.Session.Tests;

public sealed class HeadlessSessionsTests
{
    [Theory]
    [InlineData(SessionCompositor.Auto, "sway mutter", SessionCompositor.Sway)]
    [InlineData(SessionCompositor.Auto, "mutter", SessionCompositor.Mutter)]
    [InlineData(SessionCompositor.Auto, "", SessionCompositor.Sway)]
    [InlineData(SessionCompositor.Mutter, "sway mutter", SessionCompositor.Mutter)]
    [InlineData(SessionCompositor.Sway, "mutter", SessionCompositor.Sway)]
    public void Resolve_InstalledPrograms_PicksTheCompositor(SessionCompositor configured, string installed, SessionCompositor expected)
    {
        var programs = installed.Split(' ', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(expected, HeadlessSessions.Resolve(configured, programs.Contains));
    }

    [Fact]
    public void MutterServerSettings_RecordAVirtualMonitorOfTheSessionsSizeAndRate()
    {
        var settings = MutterSession.ServerSettings(SessionOptions.Default with { Width = 1024, Height = 600, MaxFps = 20 });

        Assert.Equal("virtual", settings["WLWEBRTC_CAPTURE__GNOME__MODE"]);
        Assert.Equal("1024", settings["WLWEBRTC_CAPTURE__GNOME__WIDTH"]);
        Assert.Equal("600", settings["WLWEBRTC_CAPTURE__GNOME__HEIGHT"]);
        Assert.Equal("20", settings["WLWEBRTC_CAPTURE__GNOME__MAX_FPS"]);
    }

    [Fact]
    public void RequiredPrograms_MutterSession_NeedsNoPortalAndNoGcc()
    {
        Assert.Contains(RequiredPrograms.Mutter, p => p.Program == "mutter");
        Assert.DoesNotContain(RequiredPrograms.Mutter, p => p.Program.Contains("portal", StringComparison.Ordinal) || p.Program == "gcc");
        Assert.DoesNotContain(RequiredPrograms.Sway, p => p.Program == "gcc");
    }
}
