using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.EndToEnd.Tests.Support;

/// <summary>The real server run inside the headless desktop's environment with the portal capture, x264 and automatic input.</summary>
internal static class DesktopServer
{
    public const string Token = "e2e-desktop-token-0123456789";

    /// <param name="desktop">The desktop to capture.</param>
    /// <param name="extraConfig">TOML appended to the configuration (e.g. a <c>[display]</c> table).</param>
    public static Task<ServerProcess> StartAsync(HeadlessDesktop desktop, string extraConfig = "") => ServerProcess.StartAsync(new ServerLaunch("portal", Token, """
        [capture]
        max_fps = 30

        [capture.portal]
        persist_restore_token = false

        [input]
        plugin = "auto"

        """ + extraConfig)
    {
        Environment = desktop.Environment,
        LogLevel = "debug",
        StartTimeout = TimeSpan.FromSeconds(120),
    });
}
