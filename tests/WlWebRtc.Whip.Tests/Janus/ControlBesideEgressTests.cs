using WlWebRtc.Testing;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Janus;
using Xunit.Abstractions;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>
/// The controlling viewer keeps a direct session while the audience watches through the SFU: the server publishes into
/// Janus, the built-in viewer in Chromium plays over WebSocket signaling with the control role and its input data
/// channel open (keys go out on it), and an aiortc subscriber through Janus decodes.
/// </summary>
[Collection(nameof(SerialJanusRuns))]
public sealed class ControlBesideEgressTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Publish_DirectControlViewerBesideTheEgress_ControlsWhileTheAudienceWatchesThroughJanus()
    {
        await using var rig = await SfuRig.StartAsync(width: 960, height: 272, bitrate: 1_000_000);
        await using var browser = await HeadlessChromium.LaunchAsync(extraFlags: ["--disable-features=WebRtcHideLocalIpsWithMdns"]);
        try
        {
            var page = await browser.Context.NewPageAsync();
            // Records what the page sends on its data channels (an init script runs outside the page's CSP).
            await page.AddInitScriptAsync("""
                (() => {
                  window.__sent = [];
                  const send = RTCDataChannel.prototype.send;
                  RTCDataChannel.prototype.send = function (data) { window.__sent.push(data); return send.call(this, data); };
                })();
                """);
            await page.GotoAsync(rig.Server.ViewerUrl);
            await Poll.UntilAsync(() => page.EvaluateAsync<bool>(
                "() => !!window.wlwebrtcViewer && window.wlwebrtcViewer.role === 'control' && window.wlwebrtcViewer.dcOpen && window.wlwebrtcViewer.stats.framesDecoded >= 30"),
                "the direct viewer plays with the control role and its data channel open", Deadline, TimeSpan.FromMilliseconds(250));

            await using var subscribers = await AiortcSubscribers.StartAsync(rig.FrontEnd.Address, rig.Janus.HostAddress, count: 1, decode: 1, null, null, TimeSpan.FromSeconds(90));

            await page.FocusAsync("#stage");
            await page.Keyboard.PressAsync("KeyA");
            await Poll.UntilAsync(() => page.EvaluateAsync<bool>("""() => window.__sent.filter(m => m.includes('"t":"k"') && m.includes('"c":"KeyA"')).length >= 2"""),
                "the key went out on the control viewer's input channel", Deadline, TimeSpan.FromMilliseconds(250));
            Assert.True(await page.EvaluateAsync<bool>("() => window.wlwebrtcViewer.dcOpen && window.wlwebrtcViewer.role === 'control'"), "the control viewer lost its channel or its role");

            await Poll.UntilAsync(async () => (await subscribers.StatsAsync()).Subscribers[0].Barcodes >= 15, "the audience subscriber through Janus decodes 15 barcodes", Deadline, TimeSpan.FromMilliseconds(500));
            var (sfu, _) = await subscribers.StopAsync();
            output.WriteLine(sfu[0].ToString());
            Assert.True(sfu[0].InOrder && sfu[0].DistinctTimes >= 10, "capture times in order, at least 10 different: " + sfu[0]);

            var status = await rig.StatusAsync();
            output.WriteLine(status.ToJsonString());
            // The egress is no viewer (and never controls): the one viewer is the direct one, in control.
            Assert.Equal(1, status["viewers"]!.GetValue<int>());
            Assert.Contains(status["sessions"]!.AsArray(), s => s!["role"]!.GetValue<string>() == "control");
            Assert.Equal("connected", (await rig.EgressAsync())!["state"]!.GetValue<string>());
        }
        catch
        {
            output.WriteLine(rig.Server.Output);
            output.WriteLine(string.Join('\n', browser.ConsoleLines));
            throw;
        }
    }
}
