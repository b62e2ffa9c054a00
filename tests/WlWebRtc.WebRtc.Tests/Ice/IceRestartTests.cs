using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using static WlWebRtc.WebRtc.Tests.Ice.IceLiteAgentTests;
using IceCredentials = WlWebRtc.Transport.WebRtc.Ice.IceCredentials;

namespace WlWebRtc.WebRtc.Tests.Ice;

/// <summary>ICE restart of the lite agent (in simulated time) and the trickle of the server's own candidates.</summary>
public sealed class IceRestartTests
{
    private static readonly IceCredentials NewRemote = new("rmt2", "newremotepasswordnewremote");

    private static RemoteTransport RemoteAfterRestart() =>
        new(NewRemote.Ufrag, NewRemote.Pwd, new SdpFingerprint("sha-256", new byte[32]), SdpSetup.ActPass, []);

    private static byte[] NewCheck(IceCredentials local, bool useCandidate = false) =>
        Check(local, useCandidate, username: local.Ufrag + ":" + NewRemote.Ufrag);

    [Fact]
    public void Restart_Lite_OldCredentialsRefusedNewAcceptedAndMediaStaysOnTheSelectedPair()
    {
        var (agent, _, socket) = Create();
        var before = agent.Local;
        var peer = FakeSocket.Address("127.0.0.1", 5555);
        Assert.True(agent.HandleBindingRequest(socket, peer, Parse(Check(before, useCandidate: true))));

        var after = IceCredentials.Create();
        agent.Restart(after, RemoteAfterRestart());

        Assert.Equal(after, agent.Local);
        Assert.Equal(1, agent.Restarts);
        Assert.True(agent.IsSelected(socket, peer)); // media keeps flowing until a new pair is chosen
        Assert.False(agent.HandleBindingRequest(socket, peer, Parse(Check(before))));
        Assert.False(agent.HandleBindingRequest(socket, peer, Parse(Check(after)))); // the old remote ufrag
        Assert.True(agent.HandleBindingRequest(socket, peer, Parse(NewCheck(after))));
        Assert.True(agent.IsSelected(socket, peer));
        Assert.Equal(IceConnectionState.Connected, agent.State);
    }

    [Fact]
    public void Restart_Lite_PeerOnANewAddressNominated_MediaMovesAtOnceOnceValidated()
    {
        var (agent, _, socket) = Create();
        var oldPeer = FakeSocket.Address("127.0.0.1", 1111);
        var newPeer = FakeSocket.Address("127.0.0.2", 2222);
        agent.HandleBindingRequest(socket, oldPeer, Parse(Check(agent.Local)));
        agent.HandleBindingRequest(socket, oldPeer, Parse(Check(agent.Local, useCandidate: true)));
        Assert.True(agent.IsNominated);

        // Without a restart a nomination elsewhere is refused while the old pair is alive (a spoofed packet must not move media).
        agent.HandleBindingRequest(socket, newPeer, Parse(Check(agent.Local)));
        agent.HandleBindingRequest(socket, newPeer, Parse(Check(agent.Local, useCandidate: true)));
        Assert.True(agent.IsSelected(socket, oldPeer));
        Assert.Equal(1, agent.SwitchesRefused);

        agent.Restart(IceCredentials.Create(), RemoteAfterRestart());
        agent.HandleBindingRequest(socket, newPeer, Parse(NewCheck(agent.Local, useCandidate: true)));
        Assert.True(agent.IsSelected(socket, oldPeer)); // one check does not validate the new pair
        agent.HandleBindingRequest(socket, newPeer, Parse(NewCheck(agent.Local, useCandidate: true)));
        Assert.True(agent.IsSelected(socket, newPeer));
        Assert.True(agent.IsNominated);
    }

    [Fact]
    public void Restart_Lite_RefreshesConsentButStillFailsWhenNothingFollows()
    {
        var (agent, time, socket) = Create();
        agent.HandleBindingRequest(socket, FakeSocket.Address("127.0.0.1", 5555), Parse(Check(agent.Local, useCandidate: true)));
        time.Advance(TimeSpan.FromSeconds(25));
        agent.CheckConsent();
        Assert.Equal(IceConnectionState.Disconnected, agent.State);

        agent.Restart(IceCredentials.Create(), RemoteAfterRestart());
        time.Advance(TimeSpan.FromSeconds(10));
        agent.CheckConsent();
        Assert.Equal(IceConnectionState.Disconnected, agent.State); // 35 s since the last check, 10 s since the restart
        time.Advance(TimeSpan.FromSeconds(21));
        agent.CheckConsent();
        Assert.Equal(IceConnectionState.Failed, agent.State);
        Assert.Throws<InvalidOperationException>(() => agent.Restart(IceCredentials.Create(), RemoteAfterRestart()));
    }

    [Fact]
    public void Restart_Lite_BackOnTheOldAddress_ReconnectsWithoutMovingMedia()
    {
        var (agent, time, socket) = Create();
        var peer = FakeSocket.Address("127.0.0.1", 5555);
        agent.HandleBindingRequest(socket, peer, Parse(Check(agent.Local, useCandidate: true)));
        time.Advance(TimeSpan.FromSeconds(6));
        agent.CheckConsent();
        Assert.Equal(IceConnectionState.Disconnected, agent.State);

        agent.Restart(IceCredentials.Create(), RemoteAfterRestart());
        var states = new List<IceConnectionState>();
        agent.StateChanged += states.Add;
        agent.HandleBindingRequest(socket, peer, Parse(NewCheck(agent.Local, useCandidate: true)));
        Assert.Equal([IceConnectionState.Connected], states);
        Assert.True(agent.IsSelected(socket, peer));
    }

    [Fact]
    public void Trickle_SubscriberGetsEarlierCandidatesThenNewOnesThenEndOnce()
    {
        var trickle = new LocalCandidateTrickle("0");
        Assert.True(trickle.Add(Candidate("srflx", 1)));
        var heard = new List<IceCandidate?>();
        using (trickle.SubscribeLocalCandidates(heard.Add))
        {
            Assert.True(trickle.Add(Candidate("relay", 2)));
            Assert.False(trickle.Add(Candidate("relay", 2))); // the same candidate twice is sent once
            trickle.Complete();
            trickle.Complete();
            Assert.False(trickle.Add(Candidate("srflx", 3))); // nothing after end-of-candidates
        }

        Assert.Equal(3, heard.Count);
        Assert.Contains(" typ srflx", heard[0]!.Candidate, StringComparison.Ordinal);
        Assert.StartsWith("candidate:", heard[1]!.Candidate, StringComparison.Ordinal);
        Assert.Equal(("0", 0), (heard[1]!.SdpMid, heard[1]!.SdpMLineIndex));
        Assert.Null(heard[2]);

        var late = new List<IceCandidate?>();
        trickle.SubscribeLocalCandidates(late.Add).Dispose();
        Assert.Equal(heard, late);
    }

    [Fact]
    public void Trickle_StopsAtTheLimitAndUnsubscribedHandlersHearNothing()
    {
        var trickle = new LocalCandidateTrickle("v");
        var heard = new List<IceCandidate?>();
        var subscription = trickle.SubscribeLocalCandidates(heard.Add);
        for (var i = 0; i < LocalCandidateTrickle.MaxCandidates + 10; i++)
        {
            trickle.Add(Candidate("relay", i + 1));
        }

        Assert.Equal(LocalCandidateTrickle.MaxCandidates, heard.Count);
        subscription.Dispose();
        trickle.Complete();
        Assert.Equal(LocalCandidateTrickle.MaxCandidates, heard.Count);
    }

    [Theory]
    [InlineData("abcd", true)]
    [InlineData("ab+/", true)]
    [InlineData("abc", false)]
    [InlineData("ab:d", false)]
    [InlineData("ab d", false)]
    public void CredentialRules_Ufrag(string ufrag, bool valid) => Assert.Equal(valid, IceCredentialRules.IsValidUfrag(ufrag));

    [Fact]
    public void CredentialRules_PwdNeeds22To256IceChars()
    {
        Assert.True(IceCredentialRules.IsValidPwd(new string('a', 22)));
        Assert.False(IceCredentialRules.IsValidPwd(new string('a', 21)));
        Assert.False(IceCredentialRules.IsValidPwd(new string('a', 257)));
        Assert.False(IceCredentialRules.IsValidPwd(null));
    }

    private static SdpCandidate Candidate(string type, int port) =>
        new("1", 1, "udp", 100, "203.0.113.7", port, type, "10.0.0.2", 50000, null);
}
