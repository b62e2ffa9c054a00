using System.Net;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using static WlWebRtc.WebRtc.Tests.Ice.IceLiteAgentTests;

namespace WlWebRtc.WebRtc.Tests.Ice;

/// <summary>Which pair media goes to, and how much per-address state an authenticated peer can make the agent keep.</summary>
public sealed class IceSelectionTests
{
    private static readonly SocketAddress Viewer = FakeSocket.Address("192.0.2.1", 5000);
    private static readonly SocketAddress Victim = FakeSocket.Address("198.51.100.7", 9999);

    private static void Nominate(IceLiteAgent agent, FakeSocket socket, SocketAddress remote)
    {
        Assert.True(agent.HandleBindingRequest(socket, remote, Parse(Check(agent.Local))));
        Assert.True(agent.HandleBindingRequest(socket, remote, Parse(Check(agent.Local, useCandidate: true))));
    }

    [Fact]
    public void HandleBindingRequest_OneUseCandidateFromNewAddress_MediaNotRedirected()
    {
        var (agent, _, socket) = Create();
        Nominate(agent, socket, Viewer);

        Assert.True(agent.HandleBindingRequest(socket, Victim, Parse(Check(agent.Local, useCandidate: true))));

        Assert.Equal(5000, agent.Selected!.RemoteEndPoint.Port);
        Assert.Equal(1, agent.SwitchesRefused);
    }

    [Fact]
    public void HandleBindingRequest_ValidatedNominationWhileSelectedPairAlive_MediaNotRedirected()
    {
        var (agent, time, socket) = Create();
        Nominate(agent, socket, Viewer);
        time.Advance(TimeSpan.FromSeconds(1));

        Nominate(agent, socket, Victim);
        time.Advance(TimeSpan.FromSeconds(1));
        agent.HandleBindingRequest(socket, Victim, Parse(Check(agent.Local, useCandidate: true)));

        Assert.Equal(5000, agent.Selected!.RemoteEndPoint.Port);
        Assert.True(agent.IsSelected(agent.Selected.Local, Viewer));
        Assert.False(agent.IsSelected(agent.Selected.Local, Victim));
    }

    [Fact]
    public void HandleBindingRequest_SelectedPairTrafficKeepsItAlive_NominationRefused()
    {
        var (agent, time, socket) = Create();
        Nominate(agent, socket, Viewer);
        agent.HandleBindingRequest(socket, Victim, Parse(Check(agent.Local)));
        for (var i = 0; i < 5; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            agent.NoteSelectedPairTraffic(); // authenticated SRTCP on the selected pair, no STUN
        }

        agent.HandleBindingRequest(socket, Victim, Parse(Check(agent.Local, useCandidate: true)));

        Assert.Equal(5000, agent.Selected!.RemoteEndPoint.Port);
    }

    [Fact]
    public void HandleBindingRequest_SelectedPairSilentThenValidatedNomination_Switches()
    {
        var (agent, time, socket) = Create();
        Nominate(agent, socket, Viewer);
        var moved = FakeSocket.Address("192.0.2.1", 6000); // the viewer's NAT binding changed

        agent.HandleBindingRequest(socket, moved, Parse(Check(agent.Local)));
        time.Advance(TimeSpan.FromSeconds(3));
        agent.HandleBindingRequest(socket, moved, Parse(Check(agent.Local, useCandidate: true)));

        Assert.Equal(6000, agent.Selected!.RemoteEndPoint.Port);
    }

    [Fact]
    public void HandleBindingRequest_BeforeNominationPeerNominatesAnotherCheckedPair_Switches()
    {
        var (agent, _, socket) = Create();
        agent.HandleBindingRequest(socket, Viewer, Parse(Check(agent.Local)));

        Nominate(agent, socket, FakeSocket.Address("192.0.2.1", 7000));

        Assert.True(agent.IsNominated);
        Assert.Equal(7000, agent.Selected!.RemoteEndPoint.Port);
    }

    [Fact]
    public void HandleBindingRequest_FirstCheckCarriesUseCandidate_NominatedAtOnce()
    {
        var (agent, _, socket) = Create();

        agent.HandleBindingRequest(socket, Viewer, Parse(Check(agent.Local, useCandidate: true)));

        Assert.True(agent.IsNominated);
        Assert.Equal(5000, agent.Selected!.RemoteEndPoint.Port);
    }

    [Fact]
    public void HandleBindingRequest_200kChecksFromDistinctPorts_CandidatesCappedMemoryFlat()
    {
        var (agent, _, _) = Create();
        var socket = new SilentSocket();
        var check = Parse(Check(agent.Local));
        var removed = 0;
        agent.CandidateRemoved += (_, _) => removed++;
        long warm = 0;

        for (var i = 0; i < 200_000; i++)
        {
            var remote = new IPEndPoint(new IPAddress(0x0A000000u + (uint)(i / 50_000)), 1024 + (i % 50_000)).Serialize();
            Assert.True(agent.HandleBindingRequest(socket, remote, check));
            if (i == 10_000)
            {
                warm = GC.GetTotalMemory(forceFullCollection: true);
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        Assert.Equal(IceLiteAgent.MaxRemoteCandidates, agent.RemoteCandidateCount);
        Assert.Equal(200_000 - IceLiteAgent.MaxRemoteCandidates, removed);
        Assert.Equal(1024, agent.Selected!.RemoteEndPoint.Port); // the selected pair is never the one evicted
        Assert.True(after - warm < 8 * 1024 * 1024, $"memory grew by {(after - warm) / 1024} KiB");
    }

    [Fact]
    public void CheckConsent_CandidateNotRefreshedWithinConsentTimeout_Expires()
    {
        var (agent, time, socket) = Create();
        Nominate(agent, socket, Viewer);
        agent.HandleBindingRequest(socket, Victim, Parse(Check(agent.Local)));
        var removed = new List<SocketAddress>();
        agent.CandidateRemoved += (_, remote) => removed.Add(remote);

        for (var s = 0; s < 31; s++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            agent.HandleBindingRequest(socket, Viewer, Parse(Check(agent.Local))); // the viewer keeps consent
            agent.CheckConsent();
        }

        Assert.Equal(1, agent.RemoteCandidateCount);
        Assert.Equal(Victim, Assert.Single(removed));
        Assert.Equal(IceConnectionState.Connected, agent.State);
    }

    private sealed class SilentSocket : IDatagramSender
    {
        public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Loopback, 40002);

        public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
        {
        }
    }
}
