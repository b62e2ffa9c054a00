using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Net;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Tests.Support;
using WlWebRtc.Ice.Turn;
using WlWebRtc.Testing;

namespace WlWebRtc.Ice.Tests.Turn;

/// <summary>The TURN client's credential handling and refresh timing against a scripted server on loopback UDP.</summary>
public sealed class TurnClientTests : IAsyncLifetime, IDisposable
{
    private const string User = "bob";
    private const string Pass = "builder";
    private const string Realm = "scripted";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly Socket _server = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<StunMessage> _requests = new();
    private readonly byte[] _key = StunIntegrity.LongTermKey(User, Realm, Pass);
    private Task _loop = Task.CompletedTask;
    private int _nonceGeneration = 1;

    public Task InitializeAsync()
    {
        _server.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _loop = ServeAsync();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        _server.Dispose();
        await _loop.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _server.Dispose();
        _stop.Dispose();
    }

    [Fact]
    public async Task Allocate_ChallengeThenStaleNonce_RetriesWithEachNewNonceAndSucceeds()
    {
        // A clock that stands still: no retransmission can duplicate a request however slow the machine is.
        await using var client = await TurnClient.ConnectAsync(Options(), new ManualTimeProvider(TimeSpan.FromDays(1)));

        var allocation = await client.AllocateAsync();

        Assert.Equal(IPEndPoint.Parse("127.0.0.1:50000"), allocation.Relayed);
        var allocates = _requests.Where(r => r.Method == StunMethod.Allocate).ToList();
        Assert.Equal(new string?[] { null, "nonce-1", "nonce-2" }, allocates.Select(r => r.Nonce));
        Assert.False(allocates[0].HasIntegrity);
        Assert.True(allocates[1].VerifyIntegrity(_key));
        Assert.True(allocates[2].VerifyIntegrity(_key));
        Assert.All(allocates.Skip(1), r => Assert.Equal((User, Realm), (r.Username, r.Realm)));
    }

    [Fact]
    public async Task Allocate_Lifetime600_RefreshesOneMinuteBeforeExpiry()
    {
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        await using var client = await TurnClient.ConnectAsync(Options(), time);
        await client.AllocateAsync();

        time.Advance(TimeSpan.FromSeconds(539));
        await Task.Delay(200);
        Assert.DoesNotContain(_requests, r => r.Method == StunMethod.Refresh);
        time.Advance(TimeSpan.FromSeconds(1));

        var deadline = DateTime.UtcNow + Wait;
        while (!_requests.Any(r => r.Method == StunMethod.Refresh) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var refresh = Assert.Single(_requests, r => r.Method == StunMethod.Refresh);
        Assert.Equal(600u, refresh.Lifetime);
        Assert.True(refresh.VerifyIntegrity(_key));
    }

    [Fact]
    public async Task ConnectAsync_TcpPortWithNoServer_ThrowsIOExceptionNamingTheServer()
    {
        int port;
        using (var probe = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            probe.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            port = ((IPEndPoint)probe.LocalEndPoint!).Port;
        }

        var e = await Assert.ThrowsAsync<IOException>(() => TurnClient.ConnectAsync(Options() with { Port = port, Transport = TurnTransport.Tcp }));

        Assert.Contains($"127.0.0.1:{port}", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllocateAsync_UdpServerSilent_TimesOutOnTheRetransmissionSchedule()
    {
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var time = new ManualTimeProvider(TimeSpan.FromDays(1));
        await using var client = await TurnClient.ConnectAsync(Options() with { Port = ((IPEndPoint)silent.LocalEndPoint!).Port }, time);

        var allocate = client.AllocateAsync();
        time.Advance(TimeSpan.FromSeconds(39));
        Assert.False(allocate.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAsync<StunTimeoutException>(() => allocate);
    }

    private TurnServerOptions Options() => new()
    {
        Host = "127.0.0.1",
        Port = ((IPEndPoint)_server.LocalEndPoint!).Port,
        Username = User,
        Password = Pass,
    };

    private async Task ServeAsync()
    {
        var buffer = new byte[2048];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult r;
            try
            {
                r = await _server.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var request = StunMessage.Parse(buffer.AsSpan(0, r.ReceivedBytes));
            if (request.Class != StunClass.Request)
            {
                continue;
            }

            _requests.Enqueue(request);
            await _server.SendToAsync(Answer(request, (IPEndPoint)r.RemoteEndPoint), r.RemoteEndPoint);
        }
    }

    /// <summary>No credentials: 401. The first authenticated Allocate: 438 with a new nonce. Then success.</summary>
    private byte[] Answer(StunMessage request, IPEndPoint client)
    {
        var tid = request.TransactionId.Span;
        var nonce = "nonce-" + _nonceGeneration;
        if (!request.HasIntegrity)
        {
            return Error(request, tid, 401, "Unauthorized", nonce);
        }

        if (!request.VerifyIntegrity(_key))
        {
            return Error(request, tid, 401, "Unauthorized", nonce);
        }

        if (request.Method == StunMethod.Allocate && _nonceGeneration == 1)
        {
            _nonceGeneration = 2;
            return Error(request, tid, 438, "Stale Nonce", "nonce-2");
        }

        var ok = new StunMessageBuilder(request.Method, StunClass.SuccessResponse, tid);
        if (request.Method == StunMethod.Allocate)
        {
            ok.AddXorAddress(StunAttributeType.XorRelayedAddress, IPEndPoint.Parse("127.0.0.1:50000"))
                .AddXorAddress(StunAttributeType.XorMappedAddress, client);
        }

        if (request.Method is StunMethod.Allocate or StunMethod.Refresh)
        {
            ok.AddUInt32(StunAttributeType.Lifetime, request.Lifetime ?? 600);
        }

        return ok.Build(_key);
    }

    private static byte[] Error(StunMessage request, ReadOnlySpan<byte> tid, int code, string reason, string nonce) =>
        new StunMessageBuilder(request.Method, StunClass.ErrorResponse, tid)
            .AddErrorCode(code, reason)
            .AddString(StunAttributeType.Realm, Realm)
            .AddString(StunAttributeType.Nonce, nonce)
            .Build();
}
