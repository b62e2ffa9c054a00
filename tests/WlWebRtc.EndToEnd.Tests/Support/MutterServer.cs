using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.EndToEnd.Tests.Support;

/// <summary>The real server run inside headless mutter's environment with the gnome capture and input (Mutter's own APIs, no portal).</summary>
internal static class MutterServer
{
    /// <param name="mutter">The session to capture.</param>
    /// <param name="token">The viewers' token.</param>
    /// <param name="extraConfig">TOML appended to the configuration (e.g. a <c>[clipboard]</c> table).</param>
    public static Task<ServerProcess> StartAsync(HeadlessMutter mutter, string token, string extraConfig = "") => ServerProcess.StartAsync(new ServerLaunch("gnome", token, """
        [capture]
        max_fps = 30

        [input]
        plugin = "gnome"

        """ + extraConfig)
    {
        Environment = mutter.Environment,
        LogLevel = "debug",
        StartTimeout = TimeSpan.FromSeconds(120),
    });
}
