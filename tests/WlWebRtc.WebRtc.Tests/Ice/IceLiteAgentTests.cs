using WlWebRtc.Testing;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Ice.Stun;
using WlWebRtc.WebRtc.Tests.Infrastructure;

namespace WlWebRtc.WebRtc.Tests.Ice;

public sealed class IceLiteAgentTests
{
    internal static readonly IceCredentials Remote = new("rmt1", "remotepasswordremotepass");

    internal static byte[] Check(IceCredentials local, bool useCandidate = false, string? password = null, bool controlling = true, string? username = null)
    {
        var tid = new byte[12];
        Random.Shared.NextBytes(tid);
        var builder = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid)
            .AddUsername(username ?? local.Ufrag + ":" + Remote.Ufrag)
            .AddPriority(1845501695);
        if (controlling)
        {
            builder.AddIceControlling(42);
        }
        else
        {
            builder.AddIceControlled(42);
        }

        if (useCandidate)
        {
            builder.AddUseCandidate();
        }

        return builder.Build(System.Text.Encoding.UTF8.GetBytes(password ?? local.Pwd));
    }

    internal static (IceLiteAgent Agent, ManualTimeProvider Time, FakeSocket Socket) Create()
    {
        var time = new ManualTimeProvider();
        var agent = new IceLiteAgent(IceCredentials.Create(), time) { DisconnectedTimeout = TimeSpan.FromSeconds(5), ConsentTimeout = TimeSpan.FromSeconds(30) };
        agent.SetRemoteUfrag(Remote.Ufrag);
        return (agent, time, new FakeSocket());
    }

    internal static StunMessage Parse(byte[] data)
    {
        Assert.True(StunMessage.TryParse(data, out var m));
        return m!;
    }

    [Fact]
    public void HandleBindingRequest_ValidCheck_AnswersWithMappedAddressAndIntegrity()
    {
        var (agent, _, socket) = Create();
        var remote = FakeSocket.Address("127.0.0.1", 5555);

        Assert.True(agent.HandleBindingRequest(socket, remote, Parse(Check(agent.Local))));

        var response = Parse(Assert.Single(socket.Sent));
        Assert.Equal(StunTestMessages.BindingSuccess, response.Type);
        Assert.Equal(5555, response.XorMappedAddress!.Port);
        Assert.True(response.VerifyIntegrity(System.Text.Encoding.UTF8.GetBytes(agent.Local.Pwd)));
        Assert.True(response.VerifyFingerprint());
        Assert.Equal(IceConnectionState.Connected, agent.State);
        Assert.NotNull(agent.Selected);
        Assert.False(agent.IsNominated);
    }

    [Fact]
    public void HandleBindingRequest_UseCandidate_NominatesThatPair()
    {
        var (agent, _, socket) = Create();
        agent.HandleBindingRequest(socket, FakeSocket.Address("127.0.0.1", 1111), Parse(Check(agent.Local)));

        // Regular nomination (RFC 8445 section 8.1.1): a check on the pair, then the same pair with USE-CANDIDATE.
        agent.HandleBindingRequest(socket, FakeSocket.Address("127.0.0.1", 2222), Parse(Check(agent.Local)));
        agent.HandleBindingRequest(socket, FakeSocket.Address("127.0.0.1", 2222), Parse(Check(agent.Local, useCandidate: true)));
        agent.HandleBindingRequest(socket, FakeSocket.Address("127.0.0.1", 3333), Parse(Check(agent.Local)));

        Assert.True(agent.IsNominated);
        Assert.Equal(2222, agent.Selected!.RemoteEndPoint.Port);
    }

    [Theory]
    [InlineData("wrong password")]
    [InlineData("wrong username")]
    [InlineData("controlled peer")]
    public void HandleBindingRequest_Unauthentic_RejectedAndNotSelected(string what)
    {
        var (agent, _, socket) = Create();
        var check = what switch
        {
            "wrong password" => Check(agent.Local, password: "xxxxxxxxxxxxxxxxxxxxxxxx"),
            "wrong username" => Check(agent.Local, username: agent.Local.Ufrag + ":other"),
            _ => Check(agent.Local, controlling: false),
        };

        Assert.False(agent.HandleBindingRequest(socket, FakeSocket.Address("127.0.0.1", 5555), Parse(check)));

        Assert.Null(agent.Selected);
        Assert.Equal(IceConnectionState.Checking, agent.State);
        Assert.Equal(1, agent.ChecksRejected);
    }

    [Fact]
    public void CheckConsent_NoChecks_DisconnectedThenFailedAt30Seconds()
    {
        var (agent, time, socket) = Create();
        var states = new List<IceConnectionState>();
        agent.StateChanged += states.Add;
        agent.HandleBindingRequest(socket, FakeSocket.Address("127.0.0.1", 5555), Parse(Check(agent.Local, useCandidate: true)));

        time.Advance(TimeSpan.FromSeconds(4));
        agent.CheckConsent();
        Assert.Equal(IceConnectionState.Connected, agent.State);
        time.Advance(TimeSpan.FromSeconds(2));
        agent.CheckConsent();
        Assert.Equal(IceConnectionState.Disconnected, agent.State);
        time.Advance(TimeSpan.FromSeconds(25));
        agent.CheckConsent();

        Assert.Equal(IceConnectionState.Failed, agent.State);
        Assert.Equal([IceConnectionState.Connected, IceConnectionState.Disconnected, IceConnectionState.Failed], states);
    }

    [Fact]
    public void CheckConsent_CheckAfterDisconnect_Reconnects()
    {
        var (agent, time, socket) = Create();
        var remote = FakeSocket.Address("127.0.0.1", 5555);
        agent.HandleBindingRequest(socket, remote, Parse(Check(agent.Local, useCandidate: true)));
        time.Advance(TimeSpan.FromSeconds(6));
        agent.CheckConsent();

        agent.HandleBindingRequest(socket, remote, Parse(Check(agent.Local)));

        Assert.Equal(IceConnectionState.Connected, agent.State);
    }
}
