using Microsoft.Extensions.Configuration;
using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Session;
using WlWebRtc.Session;

namespace WlWebRtc.Host.Tests.Session;

public sealed class HeadlessStartTests
{
    [Fact]
    public void Read_SessionTable_IsPartOfTheHostsOptions()
    {
        var (options, errors) = Read(new() { ["session:mode"] = "headless", ["session:width"] = "1280" });

        Assert.Empty(errors);
        Assert.Equal(SessionMode.Headless, options!.Session.Mode);
        Assert.Equal(1280, options.Session.Width);
    }

    [Fact]
    public void Read_BadSessionValue_IsReportedWithTheOtherErrors()
    {
        var (options, errors) = Read(new() { ["session:mode"] = "kiosk", ["server:max_viewers"] = "0" });

        Assert.Null(options);
        Assert.Contains(errors, e => e.Key == "session.mode");
        Assert.Contains(errors, e => e.Key == "server.max_viewers");
    }

    [Fact]
    public void ServerOverrides_NoConfiguredToken_PinOneTokenTheModeAndTheControlSocket()
    {
        var (options, _) = Read(new() { ["session:mode"] = "headless" });

        var overrides = HeadlessStart.ServerOverrides(options!, "/run/x/control.sock");

        Assert.Equal("attach", overrides["WLWEBRTC_SESSION__MODE"]);
        Assert.Equal("/run/x/control.sock", overrides["WLWEBRTC_SERVER__CONTROL_SOCKET"]);
        Assert.True(overrides["WLWEBRTC_SERVER__TOKEN"]!.Length >= 16);
    }

    [Fact]
    public void ServerOverrides_ConfiguredToken_IsKept()
    {
        var (options, _) = Read(new() { ["session:mode"] = "headless", ["server:token"] = "configured-token-0123456789" });

        Assert.Equal("configured-token-0123456789", HeadlessStart.ServerOverrides(options!, "/c.sock")["WLWEBRTC_SERVER__TOKEN"]);
    }

    [Fact]
    public void SupervisorExitCodes_MatchTheHostsExitCodes()
    {
        Assert.Equal(ExitCodes.Ok, HeadlessSupervisor.ServerStoppedExitCode);
        Assert.Equal(ExitCodes.InvalidConfiguration, HeadlessSupervisor.ServerInvalidConfigurationExitCode);
    }

    private static (WlWebRtcOptions? Options, IReadOnlyList<WlWebRtc.Configuration.ConfigurationError> Errors) Read(Dictionary<string, string?> values) =>
        WlWebRtcOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
}
