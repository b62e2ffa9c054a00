using System.Text.Json.Nodes;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Janus;
using Xunit.Abstractions;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>
/// Loss between the server and Janus (Janus's namespace drops 3 % of what the server's port sends, nft): Janus asks
/// the publisher for the lost packets and gets them back over RTX (its admin API counts the NACKs it sent and the
/// retransmissions it received), the server's status counts the egress's NACKs received and packets retransmitted, and a
/// subscriber through Janus still decodes.
/// </summary>
[Collection(nameof(SerialJanusRuns))]
public sealed class LossTowardsJanusTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Publish_LossTowardsJanus_JanusNacksAndTheServerRetransmits_SubscriberDecodes()
    {
        await using var rig = await SfuRig.StartAsync(width: 960, height: 272, bitrate: 1_000_000, dropPercentFromServerAtJanus: 3);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(20) };
        var admin = new JanusAdmin(http, rig.Janus);
        try
        {
            await using var subscribers = await AiortcSubscribers.StartAsync(rig.FrontEnd.Address, rig.Janus.HostAddress, count: 1, decode: 1, null, null, TimeSpan.FromSeconds(90));
            await Poll.UntilAsync(async () => (await subscribers.StatsAsync()).Subscribers[0].Barcodes >= 30, "the subscriber through Janus decodes 30 barcodes despite the loss", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));

            JsonObject? egress = null;
            await Poll.UntilAsync(async () =>
            {
                egress = (await rig.StatusAsync())["sessions"]!.AsArray().Select(s => s!.AsObject()).First(s => s["role"]!.GetValue<string>() == "egress");
                return egress["nacks_received"]!.GetValue<long>() > 0 && egress["packets_retransmitted"]!.GetValue<long>() > 0;
            }, "the egress session received NACKs and retransmitted", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
            output.WriteLine("server egress session: " + egress!.ToJsonString());

            // Janus sent NACKs to the publisher and got retransmissions back (RFC 4588 RTX, negotiated).
            JsonObject? publisher = null;
            await Poll.UntilAsync(async () =>
            {
                publisher = (await admin.HandleInfosAsync(CancellationToken.None)).FirstOrDefault(i => i["plugin_specific"]?["type"]?.GetValue<string>() == "publisher");
                return publisher is not null && MediaStat(publisher, "out", "nacks") > 0 && MediaStat(publisher, "in", "retransmissions") > 0;
            }, "Janus's admin API counts NACKs sent to the publisher and retransmissions received", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
            output.WriteLine("janus publisher handle: " + publisher!["webrtc"]?["media"]?.ToJsonString());
            Assert.True(publisher["flags"]?["rfc4588-rtx"]?.GetValue<bool>() == true, "RTX was not negotiated with Janus");

            var (sfu, _) = await subscribers.StopAsync();
            output.WriteLine(sfu[0].ToString());
            Assert.True(sfu[0].InOrder && sfu[0].DistinctTimes >= 10, "capture times in order, at least 10 different: " + sfu[0]);
        }
        catch
        {
            output.WriteLine(rig.Server.Output);
            throw;
        }
    }

    /// <summary>A figure of a handle's video medium statistics (<c>webrtc.media.*.stats.in|out.NAME</c>), summed over its media.</summary>
    private static long MediaStat(JsonObject handle, string direction, string name) =>
        handle["webrtc"]?["media"]?.AsObject().Sum(m => m.Value?["stats"]?[direction]?[name]?.GetValue<long>() ?? 0) ?? 0;
}
