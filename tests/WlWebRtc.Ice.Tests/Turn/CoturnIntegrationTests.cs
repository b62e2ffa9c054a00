using System.Net;
using System.Text;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Tests.Support;
using WlWebRtc.Ice.Turn;
using WlWebRtc.Testing.Turn;

namespace WlWebRtc.Ice.Tests.Turn;

/// <summary>The TURN client against a real coturn on loopback: allocations, permissions, channels and relayed data over UDP, TCP and TLS.</summary>
public sealed class CoturnIntegrationTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private CoturnServer _server = null!;

    public async Task InitializeAsync() => _server = await CoturnServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(TurnTransport.Udp)]
    [InlineData(TurnTransport.Tcp)]
    [InlineData(TurnTransport.Tls)]
    public async Task Allocate_OverTransport_RelaysDataBothWaysBySendIndicationAndChannel(TurnTransport transport)
    {
        await using var a = await TurnClient.ConnectAsync(Options(transport));
        await using var b = await TurnClient.ConnectAsync(Options(TurnTransport.Udp));
        var allocationA = await a.AllocateAsync();
        var allocationB = await b.AllocateAsync();
        Assert.Equal(IPAddress.Loopback, allocationA.Relayed.Address);
        Assert.True(allocationA.Lifetime > TimeSpan.Zero);
        var atA = Inbox(a);
        var atB = Inbox(b);

        await a.CreatePermissionAsync([allocationB.Relayed.Address]);
        await b.CreatePermissionAsync([allocationA.Relayed.Address]);
        a.Send(allocationB.Relayed, "indication a->b"u8);
        var (fromA, text) = await atB.Reader.ReadAsync().AsTask().WaitAsync(Wait);
        Assert.Equal(allocationA.Relayed, fromA);
        Assert.Equal("indication a->b", text);

        var channelA = await a.BindChannelAsync(allocationB.Relayed);
        var channelB = await b.BindChannelAsync(allocationA.Relayed);
        Assert.InRange(channelA, ChannelData.MinChannel, ChannelData.MaxChannel);
        Assert.InRange(channelB, ChannelData.MinChannel, ChannelData.MaxChannel);
        a.Send(allocationB.Relayed, "channel a->b, odd length"u8);
        b.Send(allocationA.Relayed, "channel b->a"u8);
        Assert.Equal((allocationA.Relayed, "channel a->b, odd length"), await atB.Reader.ReadAsync().AsTask().WaitAsync(Wait));
        Assert.Equal((allocationB.Relayed, "channel b->a"), await atA.Reader.ReadAsync().AsTask().WaitAsync(Wait));

        var granted = await a.RefreshAsync(TimeSpan.FromMinutes(5));
        Assert.True(granted > TimeSpan.Zero);
    }

    [Theory]
    [InlineData(TurnTransport.Udp)]
    [InlineData(TurnTransport.Tcp)]
    [InlineData(TurnTransport.Tls)]
    public async Task Allocate_WrongPassword_Throws401WithClearMessage(TurnTransport transport)
    {
        await using var client = await TurnClient.ConnectAsync(Options(transport) with { Password = "not-the-password" });

        var e = await Assert.ThrowsAsync<StunErrorResponseException>(() => client.AllocateAsync());

        Assert.Equal(401, e.Code);
        Assert.Contains("rejected the credentials of user 'alice'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Allocate_PermissionMissing_DataFromPeerIsNotRelayed()
    {
        await using var a = await TurnClient.ConnectAsync(Options(TurnTransport.Udp));
        await using var b = await TurnClient.ConnectAsync(Options(TurnTransport.Udp));
        var allocationA = await a.AllocateAsync();
        var allocationB = await b.AllocateAsync();
        var atB = Inbox(b);
        await a.CreatePermissionAsync([allocationB.Relayed.Address]);

        // b has no permission for a: the server drops a's data at b's relay. Then b grants it and the next datagram arrives.
        a.Send(allocationB.Relayed, "dropped"u8);
        await Task.Delay(300);
        await b.CreatePermissionAsync([allocationA.Relayed.Address]);
        a.Send(allocationB.Relayed, "delivered"u8);

        Assert.Equal((allocationA.Relayed, "delivered"), await atB.Reader.ReadAsync().AsTask().WaitAsync(Wait));
    }

    private TurnServerOptions Options(TurnTransport transport) => new()
    {
        Host = "127.0.0.1",
        Port = transport == TurnTransport.Tls ? _server.TlsPort : _server.Port,
        Transport = transport,
        Username = CoturnServer.Username,
        Password = CoturnServer.Password,
        TlsTargetHost = "localhost",
        CertificateValidation = (_, certificate, _, _) => certificate?.Subject == "CN=localhost",
    };

    internal static System.Threading.Channels.Channel<(IPEndPoint, string)> Inbox(TurnClient client)
    {
        var inbox = System.Threading.Channels.Channel.CreateUnbounded<(IPEndPoint, string)>();
        client.DataReceived += (from, data) => inbox.Writer.TryWrite((from, Encoding.UTF8.GetString(data.Span)));
        return inbox;
    }
}

/// <summary>coturn with <c>use-auth-secret</c>: credentials minted by <see cref="TurnRestCredentials"/> work, those from another secret do not.</summary>
public sealed class CoturnRestCredentialTests : IAsyncLifetime
{
    private const string Secret = "shared-secret-for-tests";
    private CoturnServer _server = null!;

    public async Task InitializeAsync() => _server = await CoturnServer.StartAsync(Secret);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Allocate_MintedRestCredential_Succeeds()
    {
        var credential = TurnRestCredentials.Mint(Secret, "viewer1", TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow);
        await using var client = await TurnClient.ConnectAsync(Options(credential));

        var allocation = await client.AllocateAsync();

        Assert.Equal(IPAddress.Loopback, allocation.Relayed.Address);
    }

    [Fact]
    public async Task Allocate_CredentialFromOtherSecret_Throws401()
    {
        var credential = TurnRestCredentials.Mint("another-secret", "viewer1", TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow);
        await using var client = await TurnClient.ConnectAsync(Options(credential));

        var e = await Assert.ThrowsAsync<StunErrorResponseException>(() => client.AllocateAsync());

        Assert.Equal(401, e.Code);
    }

    [Fact]
    public async Task Allocate_ExpiredRestCredential_Throws401()
    {
        var credential = TurnRestCredentials.Mint(Secret, "viewer1", TimeSpan.FromMinutes(10), DateTimeOffset.UtcNow.AddHours(-1));
        await using var client = await TurnClient.ConnectAsync(Options(credential));

        var e = await Assert.ThrowsAsync<StunErrorResponseException>(() => client.AllocateAsync());

        Assert.Equal(401, e.Code);
    }

    private TurnServerOptions Options(TurnCredential credential) => new()
    {
        Host = "127.0.0.1",
        Port = _server.Port,
        Username = credential.Username,
        Password = credential.Password,
    };
}
