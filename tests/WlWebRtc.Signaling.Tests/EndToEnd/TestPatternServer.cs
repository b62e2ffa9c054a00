using WlWebRtc.Testing.Server;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>The real server with the test pattern and x264.</summary>
internal static class TestPatternServer
{
    public const string Token = "e2e-token-0123456789abcdef";

    public static Task<ServerProcess> StartAsync(int width = 1280, int height = 720, int fps = 30, string extraConfig = "") =>
        ServerProcess.StartAsync(new ServerLaunch("testpattern", Token, $"""
            [capture.testpattern]
            width = {width}
            height = {height}
            fps = {fps}

            [capture]
            max_fps = {Math.Max(fps, 30)}
            {extraConfig}
            """));
}
