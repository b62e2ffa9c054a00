using System.Net;
using WlWebRtc.Ice.Agent;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.Ice.Tests.Agent;

/// <summary>The agent's rules on an in-memory network with a fake clock: every step is deterministic.</summary>
public sealed class IceAgentTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private readonly ManualTimeProvider _time = new(TimeSpan.FromDays(1));
    private readonly InMemoryNetwork _network = new();

    [Fact]
    public void Connect_ControllingAndControlled_BothSelectTheSameNominatedPair()
    {
        var (a, sa) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        var (b, sb) = Agent(IceRole.Controlled, "10.0.0.2:2000");
        Exchange(a, b);

        Run(TimeSpan.FromSeconds(3));

        Assert.Equal(IceAgentState.Connected, a.State);
        Assert.Equal(IceAgentState.Connected, b.State);
        Assert.True(a.SelectedPair!.IsNominated);
        Assert.Equal(sb.LocalEndPoint, a.SelectedPair.Remote.EndPoint);
        Assert.Equal(sa.LocalEndPoint, b.SelectedPair!.Remote.EndPoint);
        Assert.Equal(IceRole.Controlling, a.Role);
        Assert.Equal(IceRole.Controlled, b.Role);
    }

    [Fact]
    public void Connect_SubscriberThrows_AgentContainsItAndConnects()
    {
        var (a, _) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        var (b, _) = Agent(IceRole.Controlled, "10.0.0.2:2000");
        a.StateChanged += _ => throw new InvalidOperationException("subscriber bug");
        b.SelectedPairChanged += _ => throw new InvalidOperationException("subscriber bug");
        Exchange(a, b);

        Run(TimeSpan.FromSeconds(3));

        Assert.Equal(IceAgentState.Connected, a.State);
        Assert.Equal(IceAgentState.Connected, b.State);
    }

    [Fact]
    public void Connect_SeveralRemoteCandidates_ChecksPacedAtLeastTaApart()
    {
        var (a, _) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        var (b, _) = Agent(IceRole.Controlled, "10.0.0.2:2000");
        Exchange(a, b);
        for (var port = 3000; port < 3004; port++)
        {
            a.AddRemoteCandidate(new IceCandidate("x" + port, 1, 100 + (uint)port, IPEndPoint.Parse("10.0.0.9:" + port), IceCandidateType.Host));
        }

        var sendTimes = new List<TimeSpan>();
        _network.Filter = (from, _, data) =>
        {
            if (from.Port == 1000 && StunMessage.Parse(data).Class == StunClass.Request)
            {
                sendTimes.Add(_time.Elapsed);
            }

            return true;
        };
        Run(TimeSpan.FromMilliseconds(400));

        var firsts = sendTimes.Distinct().Order().Take(5).ToList();
        Assert.Equal(5, firsts.Count);
        for (var i = 1; i < firsts.Count; i++)
        {
            Assert.True(firsts[i] - firsts[i - 1] >= a.Options.Ta, $"checks {i - 1} and {i} were {(firsts[i] - firsts[i - 1]).TotalMilliseconds} ms apart");
        }
    }

    [Fact]
    public void Connect_PeerBehindNatUnsignaled_LearnsPeerReflexiveCandidatesAndConnects()
    {
        var (a, _) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        var (b, _) = Agent(IceRole.Controlled, "192.168.1.2:2000", publicEndPoint: "198.51.100.7:40000");
        a.SetRemoteCredentials(b.LocalCredentials.Ufrag, b.LocalCredentials.Pwd);
        b.SetRemoteCredentials(a.LocalCredentials.Ufrag, a.LocalCredentials.Pwd);
        // b's candidate (its private address) is useless to a; a's host candidate reaches b.
        a.AddRemoteCandidate(b.LocalCandidates[0]);
        b.AddRemoteCandidate(a.LocalCandidates[0]);

        Run(TimeSpan.FromSeconds(3));

        Assert.Equal(IceAgentState.Connected, a.State);
        Assert.Equal(IceAgentState.Connected, b.State);
        Assert.Equal(IceCandidateType.PeerReflexive, a.SelectedPair!.Remote.Type);
        Assert.Equal(IPEndPoint.Parse("198.51.100.7:40000"), a.SelectedPair.Remote.EndPoint);
        Assert.Equal(IceCandidateType.PeerReflexive, b.SelectedPair!.Local.Type);
        Assert.Contains(b.LocalCandidates, c => c.Type == IceCandidateType.PeerReflexive && c.EndPoint.Equals(IPEndPoint.Parse("198.51.100.7:40000")));
    }

    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void Connect_BothClaimSameRole_ConflictResolvedByTieBreakerAndConnects(IceRole both)
    {
        var (a, _) = Agent(both, "10.0.0.1:1000", tieBreaker: 100);
        var (b, _) = Agent(both, "10.0.0.2:2000", tieBreaker: 200);
        Exchange(a, b);

        Run(TimeSpan.FromSeconds(5));

        Assert.Equal(IceRole.Controlled, a.Role);
        Assert.Equal(IceRole.Controlling, b.Role);
        Assert.Equal(IceAgentState.Connected, a.State);
        Assert.Equal(IceAgentState.Connected, b.State);
    }

    [Theory]
    [InlineData(IceRole.Controlling, 500UL, 100UL, 487, IceRole.Controlling)]
    [InlineData(IceRole.Controlling, 100UL, 500UL, 0, IceRole.Controlled)]
    [InlineData(IceRole.Controlled, 500UL, 100UL, 0, IceRole.Controlling)]
    [InlineData(IceRole.Controlled, 100UL, 500UL, 487, IceRole.Controlled)]
    public void Receive_RequestClaimingOurRole_Rfc8445Section7311(IceRole ours, ulong ourTieBreaker, ulong theirTieBreaker, int expectedError, IceRole roleAfter)
    {
        var (a, sa) = Agent(ours, "10.0.0.1:1000", tieBreaker: ourTieBreaker);
        a.SetRemoteCredentials("peer", "peer-password-0123456789");
        var peer = _network.Socket("10.0.0.2:2000");
        StunMessage? answer = null;
        peer.DatagramReceived += (_, _, d) => answer = StunMessage.Parse(d);
        var roleAttribute = ours == IceRole.Controlling ? StunAttributeType.IceControlling : StunAttributeType.IceControlled;
        var request = StunMessageBuilder.Request(StunMethod.Binding)
            .AddString(StunAttributeType.Username, a.LocalCredentials.Ufrag + ":peer")
            .AddUInt32(StunAttributeType.Priority, 1862270975)
            .AddUInt64(roleAttribute, theirTieBreaker)
            .Build(StunIntegrity.ShortTermKey(a.LocalCredentials.Pwd));

        peer.Send(request, sa.LocalEndPoint);
        _network.Deliver();

        Assert.NotNull(answer);
        Assert.True(answer.VerifyIntegrity(StunIntegrity.ShortTermKey(a.LocalCredentials.Pwd)));
        if (expectedError == 0)
        {
            Assert.Equal(StunClass.SuccessResponse, answer.Class);
        }
        else
        {
            Assert.Equal(expectedError, answer.Error?.Code);
        }

        Assert.Equal(roleAfter, a.Role);
    }

    [Fact]
    public void Receive_WrongPassword_Answers401AndLearnsNothing()
    {
        var (a, sa) = Agent(IceRole.Controlled, "10.0.0.1:1000");
        var peer = _network.Socket("10.0.0.2:2000");
        StunMessage? answer = null;
        peer.DatagramReceived += (_, _, d) => answer = StunMessage.Parse(d);
        var request = StunMessageBuilder.Request(StunMethod.Binding)
            .AddString(StunAttributeType.Username, a.LocalCredentials.Ufrag + ":peer")
            .AddUInt32(StunAttributeType.Priority, 1)
            .AddUInt64(StunAttributeType.IceControlling, 1)
            .Build(StunIntegrity.ShortTermKey("not-the-password-at-all"));

        peer.Send(request, sa.LocalEndPoint);
        _network.Deliver();

        Assert.Equal(401, answer?.Error?.Code);
        Assert.Empty(a.RemoteCandidates);
        Assert.Empty(a.CheckList);
    }

    [Fact]
    public void Receive_UnknownComprehensionRequiredAttribute_Answers420ListingIt()
    {
        var (a, sa) = Agent(IceRole.Controlled, "10.0.0.1:1000");
        var peer = _network.Socket("10.0.0.2:2000");
        StunMessage? answer = null;
        peer.DatagramReceived += (_, _, d) => answer = StunMessage.Parse(d);
        var request = StunMessageBuilder.Request(StunMethod.Binding)
            .AddString(StunAttributeType.Username, a.LocalCredentials.Ufrag + ":peer")
            .AddUInt32(StunAttributeType.Priority, 1)
            .AddUInt64(StunAttributeType.IceControlling, 1)
            .Add(0x7FF0, [1, 2, 3, 4])
            .Build(StunIntegrity.ShortTermKey(a.LocalCredentials.Pwd));

        peer.Send(request, sa.LocalEndPoint);
        _network.Deliver();

        Assert.Equal(420, answer?.Error?.Code);
        Assert.Equal(new byte[] { 0x7F, 0xF0 }, answer!.Get(StunAttributeType.UnknownAttributes)!.Value.ToArray());
        Assert.Empty(a.CheckList);
    }

    [Fact]
    public void Restart_BothSidesWithNewCredentials_MediaKeepsFlowingThenNewPairSelected()
    {
        var (a, sa) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        var (b, sb) = Agent(IceRole.Controlled, "10.0.0.2:2000");
        Exchange(a, b);
        Run(TimeSpan.FromSeconds(3));
        var oldUfrag = a.LocalCredentials.Ufrag;

        var newA = a.Restart();
        var newB = b.Restart();
        Assert.NotEqual(oldUfrag, newA.Ufrag);
        Assert.Equal(IceAgentState.Checking, a.State);
        Assert.Null(a.SelectedPair);
        Assert.True(a.SendOnSelectedPair([1, 2, 3]));
        _network.Deliver();
        Assert.Single(sb.NonStun);

        Exchange(a, b);
        Run(TimeSpan.FromSeconds(3));

        Assert.Equal(IceAgentState.Connected, a.State);
        Assert.Equal(IceAgentState.Connected, b.State);
        Assert.Equal(sb.LocalEndPoint, a.SelectedPair!.Remote.EndPoint);
        Assert.Equal(newB, b.LocalCredentials);
        Assert.Equal(sa.LocalEndPoint, b.SelectedPair!.Remote.EndPoint);
    }

    [Fact]
    public void Restart_RequestWithOldCredentials_Answers401()
    {
        var (a, sa) = Agent(IceRole.Controlled, "10.0.0.1:1000");
        var old = a.LocalCredentials;
        a.Restart();
        var peer = _network.Socket("10.0.0.2:2000");
        StunMessage? answer = null;
        peer.DatagramReceived += (_, _, d) => answer = StunMessage.Parse(d);
        var request = StunMessageBuilder.Request(StunMethod.Binding)
            .AddString(StunAttributeType.Username, old.Ufrag + ":peer")
            .AddUInt32(StunAttributeType.Priority, 1)
            .AddUInt64(StunAttributeType.IceControlling, 1)
            .Build(StunIntegrity.ShortTermKey(old.Pwd));

        peer.Send(request, sa.LocalEndPoint);
        _network.Deliver();

        Assert.Equal(401, answer?.Error?.Code);
    }

    [Fact]
    public void Consent_PeerGoesSilent_FailsAfterConsentTimeoutNotBefore()
    {
        var (a, _) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        var (b, _) = Agent(IceRole.Controlled, "10.0.0.2:2000");
        Exchange(a, b);
        Run(TimeSpan.FromSeconds(3));
        Assert.Equal(IceAgentState.Connected, a.State);

        Run(TimeSpan.FromSeconds(60));
        Assert.Equal(IceAgentState.Connected, a.State);

        // The last answered consent check was at most 6 s (5 s + 20% jitter) before the silence starts, so consent
        // (30 s) runs out between 24 s and 30.5 s (500 ms ticks) into it.
        _network.Filter = (_, _, _) => false;
        Run(TimeSpan.FromSeconds(23));
        Assert.Equal(IceAgentState.Connected, a.State);
        Run(TimeSpan.FromSeconds(8));
        Assert.Equal(IceAgentState.Failed, a.State);
    }

    [Fact]
    public void Connect_NothingAnswersAndCandidatesComplete_FailsWhenChecksTimeOut()
    {
        var (a, _) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        a.SetRemoteCredentials("peer", "peer-password-0123456789");
        a.AddRemoteCandidate(IceCandidate.ParseSdp("candidate:1 1 udp 2130706431 10.0.0.77 7777 typ host"));
        a.SetRemoteCandidatesComplete();

        Run(TimeSpan.FromSeconds(30));
        Assert.Equal(IceAgentState.Checking, a.State);
        Run(TimeSpan.FromSeconds(12));

        Assert.Equal(IceAgentState.Failed, a.State);
    }

    [Fact]
    public void SendOnSelectedPair_Connected_DataReachesPeerSocketAsNonStun()
    {
        var (a, _) = Agent(IceRole.Controlling, "10.0.0.1:1000");
        var (b, sb) = Agent(IceRole.Controlled, "10.0.0.2:2000");
        Exchange(a, b);
        Run(TimeSpan.FromSeconds(3));

        Assert.True(a.SendOnSelectedPair([0x16, 0xFE, 0xFD]));
        _network.Deliver();

        Assert.Equal(new byte[] { 0x16, 0xFE, 0xFD }, Assert.Single(sb.NonStun));
    }

    private (IceAgent Agent, InMemorySocket Socket) Agent(IceRole role, string endPoint, ulong? tieBreaker = null, string? publicEndPoint = null)
    {
        var socket = _network.Socket(endPoint, publicEndPoint);
        var agent = new IceAgent(role, time: _time, tieBreaker: tieBreaker);
        agent.AddHostCandidate(socket);
        socket.DatagramReceived += (s, from, data) =>
        {
            if (!agent.Receive(s, from, data))
            {
                socket.NonStun.Add(data.ToArray());
            }
        };
        agent.Start();
        return (agent, socket);
    }

    private static void Exchange(IceAgent a, IceAgent b)
    {
        a.SetRemoteCredentials(b.LocalCredentials.Ufrag, b.LocalCredentials.Pwd);
        b.SetRemoteCredentials(a.LocalCredentials.Ufrag, a.LocalCredentials.Pwd);
        foreach (var c in b.LocalCandidates)
        {
            a.AddRemoteCandidate(c);
        }

        foreach (var c in a.LocalCandidates)
        {
            b.AddRemoteCandidate(c);
        }
    }

    private void Run(TimeSpan total) => _time.Run(total, Step, _network.Deliver);
}

/// <summary>Server-reflexive gathering against an in-memory STUN server seen through a NAT.</summary>
public sealed class IceGatheringTests
{
    [Fact]
    public async Task GatherServerReflexive_BehindNat_AddsSrflxWithBaseAsRelatedAndPrunesItFromPairs()
    {
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        var network = new InMemoryNetwork();
        var socket = network.Socket("192.168.1.2:5000", publicEndPoint: "198.51.100.7:40000");
        var stunServer = network.Socket("203.0.113.1:3478");
        stunServer.DatagramReceived += (s, from, data) =>
        {
            var request = WlWebRtc.Ice.Stun.StunMessage.Parse(data);
            s.Send(new WlWebRtc.Ice.Stun.StunMessageBuilder(WlWebRtc.Ice.Stun.StunMethod.Binding, WlWebRtc.Ice.Stun.StunClass.SuccessResponse, request.TransactionId.Span)
                .AddXorAddress(WlWebRtc.Ice.Stun.StunAttributeType.XorMappedAddress, from).Build(), from);
        };
        using var agent = new IceAgent(IceRole.Controlling, time: time);
        socket.DatagramReceived += (s, from, data) => agent.Receive(s, from, data);
        agent.AddHostCandidate(socket);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        var task = agent.GatherServerReflexiveAsync(socket, stunServer.LocalEndPoint);
        network.Deliver();
        var srflx = await task.WaitAsync(TimeSpan.FromSeconds(10));
        agent.AddRemoteCandidate(IceCandidate.ParseSdp("candidate:1 1 udp 2130706431 203.0.113.9 9000 typ host"));

        Assert.NotNull(srflx);
        Assert.Equal(IceCandidateType.ServerReflexive, srflx.Type);
        Assert.Equal(IPEndPoint.Parse("198.51.100.7:40000"), srflx.EndPoint);
        Assert.Equal(IPEndPoint.Parse("192.168.1.2:5000"), srflx.RelatedEndPoint);
        Assert.Equal(srflx, Assert.Single(gathered));
        Assert.Equal(IceCandidateType.Host, Assert.Single(agent.CheckList).Local.Type);
    }

    [Fact]
    public async Task GatherServerReflexive_ServerSilent_TimesOutOnGatheringSchedule()
    {
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        var network = new InMemoryNetwork();
        var socket = network.Socket("192.168.1.2:5000");
        using var agent = new IceAgent(IceRole.Controlling, time: time);
        agent.AddHostCandidate(socket);

        var task = agent.GatherServerReflexiveAsync(socket, IPEndPoint.Parse("203.0.113.1:3478"));
        time.Advance(TimeSpan.FromSeconds(9));
        Assert.False(task.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<WlWebRtc.Ice.Stun.StunTimeoutException>(() => task);
    }
}
