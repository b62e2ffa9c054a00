using System.Diagnostics;
using System.Text.Json;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>WHEP clients (a Chromium page posting to /whep, and aiortc) against the real server.</summary>
[Collection(RealServerGroup.Name)]
public sealed class WhepEndToEndTests(ServerFixture fixture)
{
    private static readonly TimeSpan FrameTimeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Post_ChromiumPlayer_ReceivesAndDecodesPattern()
    {
        await using var player = await WhepPlayer.OpenAsync(fixture.Browser);
        var result = await player.PlayAsync(fixture.Server.WhepUrl, TestPatternServer.Token);
        Assert.True(result.Status == 201, $"POST /whep answered {result.Status}: {result.Body}");
        Assert.StartsWith("/whep/", result.Location, StringComparison.Ordinal);
        var stats = await player.WaitForFramesAsync(30, FrameTimeout);
        Assert.True(stats.KeyFramesDecoded >= 1);
        var sample = await player.Page.EvaluateJsonAsync<QuadrantSample>(VideoScripts.SampleColours, "#v") ?? throw new InvalidOperationException("no video size");
        Assert.Equal((1280, 720), (sample.Width, sample.Height));
        sample.AssertPattern();
        Assert.Equal(200, await player.LeaveAsync(TestPatternServer.Token));
    }

    [Fact]
    public async Task Post_NoToken_Returns401()
    {
        await using var player = await WhepPlayer.OpenAsync(fixture.Browser);
        var result = await player.PlayAsync(fixture.Server.WhepUrl, null);
        Assert.Equal(401, result.Status);
    }

    [Fact]
    public async Task Post_MalformedOffer_400WithReasonWhileOtherViewerKeepsPlaying()
    {
        await using var watcher = await WhepPlayer.OpenAsync(fixture.Browser);
        Assert.Equal(201, (await watcher.PlayAsync(fixture.Server.WhepUrl, TestPatternServer.Token)).Status);
        var before = await watcher.WaitForFramesAsync(10, FrameTimeout);

        await using var attacker = await WhepPlayer.OpenAsync(fixture.Browser);
        var bad = await attacker.PostRawAsync(fixture.Server.WhepUrl, TestPatternServer.Token, "v=0\r\nthis is not sdp\r\nm=video\r\n");
        Assert.Equal(400, bad.Status);
        Assert.Contains("SDP", bad.Body, StringComparison.Ordinal);

        var after = await watcher.WaitForFramesAsync(before.FramesDecoded + 30, FrameTimeout);
        Assert.Equal("connected", after.ConnectionState);
        await watcher.LeaveAsync(TestPatternServer.Token);
    }

    [Fact]
    public async Task Post_TwoViewersAtOnce_BothDecode()
    {
        await using var first = await WhepPlayer.OpenAsync(fixture.Browser);
        await using var second = await WhepPlayer.OpenAsync(fixture.Browser);
        Assert.Equal(201, (await first.PlayAsync(fixture.Server.WhepUrl, TestPatternServer.Token)).Status);
        Assert.Equal(201, (await second.PlayAsync(fixture.Server.WhepUrl, TestPatternServer.Token)).Status);
        var a = await first.WaitForFramesAsync(30, FrameTimeout);
        var b = await second.WaitForFramesAsync(30, FrameTimeout);
        Assert.Equal((1280, 720), (a.FrameWidth, a.FrameHeight));
        Assert.Equal((1280, 720), (b.FrameWidth, b.FrameHeight));
        await first.LeaveAsync(TestPatternServer.Token);
        await second.LeaveAsync(TestPatternServer.Token);
    }

    [Fact]
    public async Task Delete_ViewerLeavesAndAnotherJoins_NewViewerGetsKeyframeAtOnce()
    {
        await using var first = await WhepPlayer.OpenAsync(fixture.Browser);
        Assert.Equal(201, (await first.PlayAsync(fixture.Server.WhepUrl, TestPatternServer.Token)).Status);
        await first.WaitForFramesAsync(15, FrameTimeout);
        Assert.Equal(200, await first.LeaveAsync(TestPatternServer.Token));

        await using var second = await WhepPlayer.OpenAsync(fixture.Browser);
        Assert.Equal(201, (await second.PlayAsync(fixture.Server.WhepUrl, TestPatternServer.Token)).Status);
        var joined = Stopwatch.StartNew();
        var stats = await second.WaitForFramesAsync(1, FrameTimeout);
        // The encoder's periodic refresh is 10 s away; a picture within 3 s means a keyframe was sent on join.
        Assert.True(joined.Elapsed < TimeSpan.FromSeconds(3), $"first frame after {joined.Elapsed.TotalSeconds:0.0} s");
        Assert.True(stats.KeyFramesDecoded >= 1);
        await second.LeaveAsync(TestPatternServer.Token);
    }

    [Fact]
    public async Task Post_AiortcClient_ReceivesAndDecodesPattern()
    {
        const string python = "/usr/bin/python3";
        Assert.True(File.Exists(python), "Debian python3 is missing (apt-get install python3-aiortc)");
        var script = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "whep_aiortc.py");
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(fixture.Server.WhepUrl.ToString());
        start.ArgumentList.Add(TestPatternServer.Token);
        start.ArgumentList.Add("30");
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(process.ExitCode == 0, $"aiortc client failed ({process.ExitCode}):\n{await stderr}\n{await stdout}");
        using var result = JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]);
        var root = result.RootElement;
        Assert.Equal(201, root.GetProperty("status").GetInt32());
        Assert.Equal(30, root.GetProperty("frames").GetInt32());
        Assert.Equal(200, root.GetProperty("deleted").GetInt32());
        var sample = new QuadrantSample(root.GetProperty("width").GetInt32(), root.GetProperty("height").GetInt32(),
            root.GetProperty("colours").EnumerateArray().Select(c => c.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray());
        Assert.Equal((1280, 720), (sample.Width, sample.Height));
        sample.AssertPattern();
    }
}
