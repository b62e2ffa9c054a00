using System.Text.Json;
using WlWebRtc.Kde.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Kde.Tests;

/// <summary>The real server's plugin listing inside a headless KWin session (the server runs on the same dotnet executable the grant names).</summary>
[Collection(KwinGroup.Name)]
public sealed class ListPluginsTests(GrantedKwin kwin)
{
    [Fact]
    public async Task ListPlugins_KwinWithGrant_SelectsKdeCaptureAndInputSayingWhichPath()
    {
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var host = Path.Combine(ServerProcess.RepositoryRoot(), "host", "bin", Configuration, "net10.0", "wlwebrtc.dll");

        var result = await kwin.RunAsync("dotnet", [host, "--list-plugins", "--json"], TimeSpan.FromSeconds(120));

        Assert.True(result.ExitCode == 0, result.StandardError);
        using var json = JsonDocument.Parse(result.StandardOutput);
        var plugins = json.RootElement.GetProperty("plugins").EnumerateArray().ToArray();
        var capture = plugins.Single(p => p.GetProperty("name").GetString() == "kde" && p.GetProperty("kind").GetString() == "capture");
        var input = plugins.Single(p => p.GetProperty("name").GetString() == "kde" && p.GetProperty("kind").GetString() == "input");
        Assert.True(capture.GetProperty("selected").GetBoolean(), capture.GetProperty("reason").GetString());
        Assert.Contains("by zkde_screencast_unstable_v1 v", capture.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.Contains("falling back to KWin output Virtual-0 1280x720 by ScreenShot2", capture.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.True(input.GetProperty("selected").GetBoolean(), input.GetProperty("reason").GetString());
        Assert.Contains("org_kde_kwin_fake_input v4 granted", input.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
