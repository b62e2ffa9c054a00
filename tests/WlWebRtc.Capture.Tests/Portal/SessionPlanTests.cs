using WlWebRtc.Portal;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.Portal.Session;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Hardware;
using WlWebRtc.Testing;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.Capture.Tests.Portal;

public sealed class SessionPlanTests
{
    private static readonly PortalInterfaceInfo Offered = new(PortalNames.RemoteDesktop, true, 2, null) { DeviceTypes = 3 };

    [Fact]
    public void Decide_InputRequestedAndKeyboardPointerOffered_RemoteDesktop()
    {
        var plan = SessionPlan.Decide(RemoteDesktopMode.Auto, inputRequested: true, Offered);

        Assert.Equal(PortalSessionKind.RemoteDesktop, plan.Kind);
        Assert.Contains("v2", plan.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(false, "auto", "no input plugin")]
    [InlineData(true, "never", "remote_desktop = \"never\"")]
    public void Decide_NoInputOrNever_ScreenCastSayingWhy(bool inputRequested, string mode, string why)
    {
        var options = FakePortalBus.Options(new Dictionary<string, string?> { ["remote_desktop"] = mode });

        var plan = SessionPlan.Decide(options.RemoteDesktop, inputRequested, Offered);

        Assert.Equal(PortalSessionKind.ScreenCast, plan.Kind);
        Assert.Contains(why, plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_PortalMissing_ScreenCastWithThePortalsReason()
    {
        var plan = SessionPlan.Decide(RemoteDesktopMode.Auto, inputRequested: true, PortalInterfaceInfo.Unavailable(PortalNames.RemoteDesktop, "no backend implements it"));

        Assert.Equal(PortalSessionKind.ScreenCast, plan.Kind);
        Assert.Contains("no backend implements it", plan.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RemoteDesktopValues_ParsedAndBadOnesReportedWithTheOthers()
    {
        var (never, none) = PortalCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["remote_desktop"] = "Never" }));
        var (defaults, _) = PortalCaptureOptions.Parse(TestSettings.Empty);
        var (_, errors) = PortalCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["remote_desktop"] = "always", ["cursor_mode"] = "sometimes" }));

        Assert.Empty(none);
        Assert.Equal(RemoteDesktopMode.Never, never.RemoteDesktop);
        Assert.Equal(RemoteDesktopMode.Auto, defaults.RemoteDesktop);
        Assert.Equal(["cursor_mode", "remote_desktop"], errors.Select(e => e.Key).Order());
        Assert.Contains("auto or never", errors.Single(e => e.Key == "remote_desktop").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoteDesktopNote_PortalPresentOrNeverOrAbsent_SaysWhatInputWillGet()
    {
        var present = new PortalInterfaceInfo(PortalNames.RemoteDesktop, true, 2, null) { DeviceTypes = 3 };

        Assert.Contains("shares the capture's session", PortalCapturePlugin.RemoteDesktopNote(PortalCaptureOptions.Default, present), StringComparison.Ordinal);
        Assert.Contains("its own portal session", PortalCapturePlugin.RemoteDesktopNote(PortalCaptureOptions.Default with { RemoteDesktop = RemoteDesktopMode.Never }, present), StringComparison.Ordinal);
        Assert.Contains("no RemoteDesktop portal", PortalCapturePlugin.RemoteDesktopNote(PortalCaptureOptions.Default, PortalInterfaceInfo.Unavailable(PortalNames.RemoteDesktop, "not on the bus")), StringComparison.Ordinal);
    }
}
