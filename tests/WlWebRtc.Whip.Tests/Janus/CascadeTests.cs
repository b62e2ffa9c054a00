using System.Globalization;
using System.Text.Json.Nodes;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Janus;
using Xunit.Abstractions;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>
/// Cascade: the server publishes into an origin Janus; the origin forwards the publisher to an edge Janus (VideoRoom
/// remote publishers: <c>add_remote_publisher</c> on the edge, <c>publish_remotely</c> on the origin, plain RTP between
/// them); an aiortc subscriber on the edge decodes the pattern.
/// </summary>
[Collection(nameof(SerialJanusRuns))]
public sealed class CascadeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Publish_OriginForwardsToAnEdgeJanus_EdgeSubscriberDecodes()
    {
        await using var rig = await SfuRig.StartAsync(width: 960, height: 272, bitrate: 1_000_000);
        await using var edge = await rig.Janus.StartNeighbourAsync();
        await using var edgeFrontEnd = await JanusWhipFrontEnd.StartAsync(edge);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(40) };
        try
        {
            // The published stream's mid, as the server offered it.
            var mid = rig.FrontEnd.LastOffer!.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("a=mid:", StringComparison.Ordinal))["a=mid:".Length..];

            var edgeApi = new JanusApi(http, edge.ApiUrl);
            var edgeSession = await edgeApi.CreateSessionAsync(CancellationToken.None);
            var edgeHandle = await edgeApi.AttachVideoRoomAsync(edgeSession, CancellationToken.None);
            var remote = await edgeApi.RequestAsync(edgeSession, edgeHandle, new JsonObject
            {
                ["request"] = "add_remote_publisher",
                ["room"] = JanusServer.Room,
                ["display"] = "wlwebrtc via origin",
                ["iface"] = edge.JanusAddress.ToString(),
                ["streams"] = new JsonArray(new JsonObject { ["type"] = "video", ["mindex"] = 0, ["mid"] = mid, ["codec"] = "h264" }),
            }, CancellationToken.None);
            output.WriteLine("edge: " + remote.ToJsonString());
            Assert.True(remote["port"] is not null, "the edge refused the remote publisher: " + remote.ToJsonString());

            var originApi = new JanusApi(http, rig.Janus.ApiUrl);
            var originSession = await originApi.CreateSessionAsync(CancellationToken.None);
            var originHandle = await originApi.AttachVideoRoomAsync(originSession, CancellationToken.None);
            // The server's publisher, once Janus lists it as publishing (its media flowing).
            long publisher = 0;
            await Poll.UntilAsync(async () =>
            {
                var participants = await originApi.RequestAsync(originSession, originHandle, new JsonObject { ["request"] = "listparticipants", ["room"] = JanusServer.Room }, CancellationToken.None);
                publisher = participants["participants"]?.AsArray().FirstOrDefault(p => p!["publisher"]?.GetValue<bool>() == true)?["id"]?.GetValue<long>() ?? 0;
                return publisher != 0;
            }, "the origin lists the server as a publisher", TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250));
            var forward = new JsonObject
            {
                ["request"] = "publish_remotely",
                ["room"] = JanusServer.Room,
                ["publisher_id"] = publisher,
                ["remote_id"] = "edge",
                ["host"] = edge.JanusAddress.ToString(),
                ["port"] = remote["port"]!.GetValue<int>(),
            };
            if (remote["rtcp_port"] is { } rtcp)
            {
                // The origin learns the edge's keyframe requests (PLI) there and passes them on to the server.
                forward["rtcp_port"] = rtcp.GetValue<int>();
            }

            var forwarded = await originApi.RequestAsync(originSession, originHandle, forward, CancellationToken.None);
            output.WriteLine("origin: " + forwarded.ToJsonString());
            Assert.True(forwarded["error"] is null, forwarded.ToJsonString());

            await using var subscribers = await AiortcSubscribers.StartAsync(edgeFrontEnd.Address, edge.HostAddress, count: 1, decode: 1, null, null, TimeSpan.FromSeconds(90));
            await Poll.UntilAsync(async () => (await subscribers.StatsAsync()).Subscribers[0].Barcodes >= 15, "the subscriber on the edge decodes 15 barcodes", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
            var (sfu, _) = await subscribers.StopAsync();
            output.WriteLine(sfu[0].ToString());
            Assert.True(sfu[0].InOrder && sfu[0].DistinctTimes >= 10, "capture times in order, at least 10 different: " + sfu[0]);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"edge subscriber: {sfu[0].Barcodes} barcodes, median capture-to-decode {sfu[0].LatencyMedianMs} ms"));
        }
        catch
        {
            output.WriteLine(rig.Server.Output);
            output.WriteLine("origin:\n" + rig.Janus.Log);
            output.WriteLine("edge:\n" + edge.Log);
            throw;
        }
    }
}
