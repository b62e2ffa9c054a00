using WlWebRtc.Testing;
using WlWebRtc.Testing.Janus;
using WlWebRtc.Testing.Turn;
using Xunit.Abstractions;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>
/// The publisher with <c>ice_transport_policy = "relay"</c> and a real coturn: its offer carries relayed candidates
/// only, Janus's namespace drops every datagram from the server's own UDP port (so the direct path cannot work), and a
/// subscriber through Janus still decodes the pattern: the media went through the TURN relay.
/// </summary>
[Collection(nameof(SerialJanusRuns))]
public sealed class RelayOnlyPublishTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Publish_RelayOnlyThroughCoturn_OfferHasOnlyRelayCandidates_SubscriberDecodes()
    {
        CoturnServer? coturn = null;
        await using var rig = await SfuRig.StartAsync(width: 960, height: 272, bitrate: 1_000_000, prepare: async janus =>
        {
            // coturn on this side of the veth pair, so that what it relays reaches Janus's namespace.
            coturn = await CoturnServer.StartAsync(null, janus.HostAddress);
            return new SfuRigSetup(
                TransportConfig: $"""
                    turn_servers = ["turn:{janus.HostAddress}:{coturn.Port}?transport=udp"]
                    turn_username = "{CoturnServer.Username}"
                    turn_credential = "{CoturnServer.Password}"
                    """,
                PublishConfig: "ice_transport_policy = \"relay\"",
                Companion: coturn);
        }, dropPercentFromServerAtJanus: 100);
        try
        {
            var candidates = rig.FrontEnd.LastOffer!.Split('\n').Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).ToList();
            Assert.NotEmpty(candidates);
            Assert.All(candidates, c => Assert.Contains(" typ relay", c, StringComparison.Ordinal));

            await using var subscribers = await AiortcSubscribers.StartAsync(rig.FrontEnd.Address, rig.Janus.HostAddress, count: 1, decode: 1, null, null, TimeSpan.FromSeconds(90));
            await Poll.UntilAsync(async () => (await subscribers.StatsAsync()).Subscribers[0].Barcodes >= 15, "the subscriber through Janus decodes 15 barcodes", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500));
            var (sfu, _) = await subscribers.StopAsync();
            output.WriteLine(string.Join('\n', candidates));
            output.WriteLine(sfu[0].ToString());
            Assert.True(sfu[0].InOrder && sfu[0].DistinctTimes >= 10, "capture times in order, at least 10 different: " + sfu[0]);
        }
        catch
        {
            output.WriteLine(rig.Server.Output);
            output.WriteLine(coturn?.Log);
            output.WriteLine(rig.Janus.Log);
            throw;
        }
    }
}
