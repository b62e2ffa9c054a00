using System.Net;
using WlWebRtc.Ice.Agent;
using WlWebRtc.Ice.Sockets;
using WlWebRtc.Ice.Tests.Support;
using WlWebRtc.Ice.Turn;
using WlWebRtc.Testing.Turn;

namespace WlWebRtc.Ice.Tests.Agent;

/// <summary>Two agents over real sockets and the real clock: loopback UDP, and a relayed candidate through a real coturn.</summary>
public sealed class IceAgentIntegrationTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("::1")]
    public async Task Connect_TwoAgentsOverLoopbackUdp_NominatedPairCarriesData(string loopback)
    {
        await using var socketA = new UdpIceSocket(new IPEndPoint(IPAddress.Parse(loopback), 0));
        await using var socketB = new UdpIceSocket(new IPEndPoint(IPAddress.Parse(loopback), 0));
        using var a = new IceAgent(IceRole.Controlling);
        using var b = new IceAgent(IceRole.Controlled);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Wire(a, socketA, null);
        Wire(b, socketB, received);
        a.AddHostCandidate(socketA);
        b.AddHostCandidate(socketB);
        var connectedA = Connected(a);
        var connectedB = Connected(b);
        Exchange(a, b);
        a.Start();
        b.Start();

        await Task.WhenAll(connectedA, connectedB).WaitAsync(Wait);

        Assert.True(a.SelectedPair!.IsNominated);
        Assert.True(b.SelectedPair!.IsNominated);
        Assert.Equal(socketB.LocalEndPoint, a.SelectedPair.Remote.EndPoint);
        a.SendOnSelectedPair("media"u8);
        Assert.Equal("media"u8.ToArray(), await received.Task.WaitAsync(Wait));
    }

    [Theory]
    [InlineData(TurnTransport.Udp)]
    [InlineData(TurnTransport.Tcp)]
    [InlineData(TurnTransport.Tls)]
    public async Task Connect_ControllingOnlyHasRelayedCandidate_ConnectsThroughCoturn(TurnTransport transport)
    {
        await using var server = await CoturnServer.StartAsync();
        await using var turn = await TurnClient.ConnectAsync(new TurnServerOptions
        {
            Host = "127.0.0.1",
            Port = transport == TurnTransport.Tls ? server.TlsPort : server.Port,
            Transport = transport,
            Username = CoturnServer.Username,
            Password = CoturnServer.Password,
            TlsTargetHost = "localhost",
            CertificateValidation = (_, certificate, _, _) => certificate?.Subject == "CN=localhost",
        });
        var allocation = await turn.AllocateAsync();
        var relay = new TurnRelaySocket(turn);
        await using var socketB = new UdpIceSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var a = new IceAgent(IceRole.Controlling);
        using var b = new IceAgent(IceRole.Controlled);
        var received = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        Wire(a, relay, received);
        Wire(b, socketB, null);
        a.AddRelayedCandidate(relay, allocation.Mapped, IPAddress.Loopback);
        b.AddHostCandidate(socketB);
        var connectedA = Connected(a);
        var connectedB = Connected(b);
        Exchange(a, b);
        a.Start();
        b.Start();

        await Task.WhenAll(connectedA, connectedB).WaitAsync(Wait);

        Assert.Equal(IceCandidateType.Relayed, a.SelectedPair!.Local.Type);
        Assert.Equal(allocation.Relayed, b.SelectedPair!.Remote.EndPoint);
        b.SendOnSelectedPair("relayed media"u8);
        Assert.Equal("relayed media"u8.ToArray(), await received.Task.WaitAsync(Wait));
    }

    [Fact]
    public async Task GatherServerReflexive_CoturnOnLoopback_NoNatMeansNoExtraCandidate()
    {
        await using var server = await CoturnServer.StartAsync();
        await using var socket = new UdpIceSocket(new IPEndPoint(IPAddress.Loopback, 0));
        using var agent = new IceAgent(IceRole.Controlling);
        Wire(agent, socket, null);
        agent.AddHostCandidate(socket);

        var srflx = await agent.GatherServerReflexiveAsync(socket, new IPEndPoint(IPAddress.Loopback, server.Port)).WaitAsync(Wait);

        Assert.Null(srflx);
        Assert.Single(agent.LocalCandidates);
    }

    private static void Wire(IceAgent agent, IIceSocket socket, TaskCompletionSource<byte[]>? nonStun) =>
        socket.DatagramReceived += (s, from, data) =>
        {
            if (!agent.Receive(s, from, data))
            {
                nonStun?.TrySetResult(data.ToArray());
            }
        };

    private static Task Connected(IceAgent agent)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.StateChanged += s =>
        {
            if (s == IceAgentState.Connected)
            {
                tcs.TrySetResult();
            }
            else if (s == IceAgentState.Failed)
            {
                tcs.TrySetException(new InvalidOperationException("ICE failed"));
            }
        };
        return tcs.Task;
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
}
