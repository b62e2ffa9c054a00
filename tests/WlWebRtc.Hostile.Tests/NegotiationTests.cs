using WlWebRtc.Hostile.Tests.Support;
using Xunit.Abstractions;

namespace WlWebRtc.Hostile.Tests;

/// <summary>
/// Issue 11's crash: offers that negotiate what the media path cannot send (an extension id above 14, two extensions
/// on one id) were answered 201 and aborted the process when DTLS connected. Now they work or get a clean 400.
/// </summary>
[Trait("Category", "Hostile")]
public sealed class NegotiationTests(ITestOutputHelper output)
{
    private static readonly TimeSpan MediaWindow = TimeSpan.FromSeconds(12);

    [Fact]
    public async Task Offer_HeaderExtensionIdAbove14_ProcessSurvivesAndSessionWorksOr400()
    {
        await using var server = await HostileServer.StartAsync();
        await using var peer = await PythonPeer.StartAsync();
        // abs-send-time is one the server writes into every packet.
        Assert.Contains(SdpEdits.AbsSendTime, SdpEdits.ExtensionUris(peer.Offer));
        var outcome = await NegotiationDrive.RunAsync(server, peer, offer => SdpEdits.SetExtensionId(offer, SdpEdits.AbsSendTime, 15), MediaWindow);
        await AssertWorksOrRefusedAsync(server, peer, outcome);
    }

    [Fact]
    public async Task Offer_TwoExtensionsShareOneId_ProcessSurvivesAndSessionWorksOr400()
    {
        await using var server = await HostileServer.StartAsync();
        await using var peer = await PythonPeer.StartAsync();
        // Two extensions the server writes (aiortc offers only abs-send-time of them: transport-cc is added on its id).
        var outcome = await NegotiationDrive.RunAsync(server, peer, offer => SdpEdits.AddExtension(SdpEdits.SetExtensionId(offer, SdpEdits.AbsSendTime, 3), SdpEdits.TransportWideCc, 3), MediaWindow);
        await AssertWorksOrRefusedAsync(server, peer, outcome);
    }

    [Fact]
    public async Task Offer_NoUsableVideoCodec_400NamingWhy()
    {
        await using var server = await HostileServer.StartAsync();
        await using var peer = await PythonPeer.StartAsync();
        var outcome = await NegotiationDrive.RunAsync(server, peer, SdpMutations.WithoutH264, MediaWindow);
        output.WriteLine(outcome.ToString());
        server.AssertAlive();
        Assert.Equal(400, outcome.Status);
        Assert.True(outcome.Body.Contains("codec", StringComparison.OrdinalIgnoreCase) || outcome.Body.Contains("H.264", StringComparison.Ordinal),
            "the 400 does not say that no usable video codec was offered: " + outcome.Body);
    }

    private async Task AssertWorksOrRefusedAsync(HostileServer server, PythonPeer peer, NegotiationOutcome outcome)
    {
        output.WriteLine(outcome.ToString());
        // The abort came when DTLS connected: give the process a moment to die if it is going to.
        await Task.Delay(2000);
        server.AssertAlive();
        if (outcome.Status == 201)
        {
            Assert.True(outcome.Applied, "aiortc refused the server's answer: " + outcome.ApplyError);
            Assert.True(outcome.Frames >= 5, $"the session was answered 201 but the viewer decoded {outcome.Frames} frames ({outcome}); server log:\n{server.LogTail()}");
        }
        else
        {
            Assert.Equal(400, outcome.Status);
            Assert.False(string.IsNullOrWhiteSpace(outcome.Body), "a 400 without a reason");
        }

        // And the server still serves a plain viewer.
        var next = await NegotiationDrive.RunAsync(server, peer, offer => offer, MediaWindow);
        Assert.True(next.Status == 201 && next.Frames >= 5, "a plain viewer afterwards: " + next);
        server.AssertAlive();
    }
}
