using System.Text.RegularExpressions;
using WlWebRtc.Testing;

namespace WlWebRtc.Signaling.Tests.EndToEnd;

/// <summary>
/// ICE restart mid-stream against the real server, with Chromium: the built-in viewer over WebSocket (pc.restartIce()
/// makes the page send restart-ice) and a WHEP player (PATCH with new credentials, RFC 9725). The same server session
/// goes on, the server logs the new ufrag, and frames (and the test pattern's barcode) keep coming.
/// </summary>
[Collection(RealServerGroup.Name)]
public sealed partial class IceRestartEndToEndTests(ServerFixture fixture)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task BuiltInViewer_RestartIceMidStream_SameSessionNewUfragAndThePatternKeepsDecoding()
    {
        var page = await fixture.Browser.Context.NewPageAsync();
        try
        {
            await page.GotoAsync(fixture.Server.ViewerUrl);
            var before = await BuiltInViewerTests.WaitAsync(page, s => s.Phase == "playing" && s.FramesDecoded >= 30 && s.Detected, Deadline);
            var id = await page.EvaluateAsync<string>("() => window.wlwebrtcViewer.viewerId");
            var barcodesBefore = await page.EvaluateAsync<int>("() => window.wlwebrtcViewer.pattern.frames");
            var ufragBefore = await RemoteUfragAsync(page);

            await page.EvaluateAsync("() => window.wlwebrtcViewer.pc.restartIce()");

            string ufragAfter = ufragBefore;
            await Poll.UntilAsync(async () => (ufragAfter = await RemoteUfragAsync(page)) != ufragBefore, "the page never got the restart's answer", Deadline);
            await Poll.UntilAsync(() => fixture.Server.Output.Contains($"Session {id}: ICE restart", StringComparison.Ordinal), "the server logged no ICE restart", Deadline);
            Assert.Contains($"-> {ufragAfter};", fixture.Server.Output, StringComparison.Ordinal); // the server uses the ufrag the page got
            var after = await BuiltInViewerTests.WaitAsync(page, s => s.FramesDecoded >= before.FramesDecoded + 60, Deadline);
            var barcodesAfter = await page.EvaluateAsync<int>("() => window.wlwebrtcViewer.pattern.frames");

            Assert.Equal(id, await page.EvaluateAsync<string>("() => window.wlwebrtcViewer.viewerId"));
            Assert.Equal((0, "playing"), (after.Reconnects, after.Phase));
            Assert.True(barcodesAfter >= barcodesBefore + 30, $"the barcode was read {barcodesAfter - barcodesBefore} times after the restart");
            Assert.Equal("connected", await page.EvaluateAsync<string>("() => window.wlwebrtcViewer.pc.connectionState"));
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    [Fact]
    public async Task WhepPlayer_PatchRestartsIceMidStream_SameResourceNewETagAndFramesKeepComing()
    {
        await using var player = await WhepPlayer.OpenAsync(fixture.Browser);
        var played = await player.PlayAsync(fixture.Server.WhepUrl, TestPatternServer.Token);
        Assert.Equal(201, played.Status);
        var id = played.Location!["/whep/".Length..];
        var before = await player.WaitForFramesAsync(30, Deadline);
        var ufragBefore = await player.RemoteUfragAsync();

        var restarted = await player.RestartAsync(TestPatternServer.Token);

        Assert.True(restarted.Status == 200, $"PATCH answered {restarted.Status}: {restarted.Body}");
        Assert.NotEqual($"\"{id}\"", restarted.Location); // the new ICE session's ETag
        var ufragAfter = await player.RemoteUfragAsync();
        Assert.NotEqual(ufragBefore, ufragAfter);
        Assert.Contains($"Session {id}: ICE restart", fixture.Server.Output, StringComparison.Ordinal);
        Assert.Contains($"-> {ufragAfter};", fixture.Server.Output, StringComparison.Ordinal);
        var after = await player.WaitForFramesAsync(before.FramesDecoded + 60, Deadline);
        Assert.Equal("connected", after.ConnectionState);
        Assert.Equal(200, await player.LeaveAsync(TestPatternServer.Token));
    }

    private static async Task<string> RemoteUfragAsync(Microsoft.Playwright.IPage page) =>
        UfragPattern().Match(await page.EvaluateAsync<string>("() => window.wlwebrtcViewer.pc.remoteDescription.sdp")).Groups[1].Value;

    [GeneratedRegex(@"a=ice-ufrag:(\S+)")]
    private static partial Regex UfragPattern();
}
