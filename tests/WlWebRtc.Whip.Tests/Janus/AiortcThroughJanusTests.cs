using WlWebRtc.Testing;
using WlWebRtc.Testing.Janus;
using Xunit.Abstractions;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>
/// aiortc subscribers watch the server's stream through Janus (the short CI version of <c>wlwebrtc-bench sfu</c>): the
/// server publishes over WHIP, three aiortc peers subscribe through the front-end and read the test pattern's latency
/// barcode, and a direct aiortc WHEP viewer plays beside them.
/// </summary>
[Collection(nameof(SerialJanusRuns))]
public sealed class AiortcThroughJanusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Publish_AiortcSubscribersThroughJanus_DecodeThePatternBesideADirectViewer()
    {
        await using var rig = await SfuRig.StartAsync(width: 960, height: 272, bitrate: 1_000_000);
        try
        {
            await using var subscribers = await AiortcSubscribers.StartAsync(rig.FrontEnd.Address, rig.Janus.HostAddress, count: 3, decode: 3, rig.Server.WhepUrl, rig.Server.Token, TimeSpan.FromSeconds(90));
            // Half a second of frames at 30 fps for every reader, however slow the machine.
            var last = string.Empty;
            await Poll.UntilAsync(async () =>
            {
                var (through, beside) = await subscribers.StatsAsync();
                last = string.Join("; ", through.Append(beside!));
                return through.All(s => s.Barcodes >= 15) && beside!.Barcodes >= 15;
            }, "every aiortc reader decodes 15 barcodes (so far: " + last + ")", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
            var (sfu, direct) = await subscribers.StopAsync();
            foreach (var s in sfu)
            {
                output.WriteLine(s.ToString());
            }

            output.WriteLine(direct!.ToString());
            Assert.Equal(3, sfu.Count);
            Assert.All(sfu, s =>
            {
                Assert.True(s.Barcodes >= 15, $"{s.Name} read {s.Barcodes} barcodes through Janus: {s}");
                Assert.True(s.InOrder && s.DistinctTimes >= 10, $"{s.Name}: capture times in order, at least 10 different: {s}");
            });
            Assert.True(direct.Barcodes >= 15, $"the direct viewer read {direct.Barcodes} barcodes: {direct}");
            Assert.True(direct.InOrder && direct.DistinctTimes >= 10, "direct viewer: capture times in order, at least 10 different: " + direct);
            var egress = await rig.EgressAsync();
            Assert.Equal("connected", egress!["state"]!.GetValue<string>());
        }
        catch
        {
            output.WriteLine(rig.Server.Output);
            output.WriteLine(rig.Janus.Log);
            throw;
        }
    }
}
