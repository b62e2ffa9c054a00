using System.Net;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Ice.Turn;

/// <summary>What an Allocate got: the relayed address peers send to, our address as the server sees it, and how long it lasts.</summary>
public sealed record TurnAllocation(IPEndPoint Relayed, IPEndPoint Mapped, TimeSpan Lifetime);

/// <summary>
/// A TURN client (RFC 8656) for one allocation on one server, over UDP, TCP or TLS. Long-term credentials
/// (section 9.2 of RFC 8489): the first request goes without, the 401 brings REALM and NONCE, later requests carry
/// USERNAME, REALM, NONCE and MESSAGE-INTEGRITY; a 438 (stale nonce) is retried once with the new nonce. After
/// <see cref="AllocateAsync"/> the client keeps the allocation, its permissions and its channels alive by itself
/// until disposed (which deletes the allocation with a zero-lifetime Refresh).
/// </summary>
public sealed partial class TurnClient : IAsyncDisposable
{
    /// <summary>Permissions last 300 s and channels 600 s (RFC 8656 sections 9 and 12): refresh both well before.</summary>
    public static readonly TimeSpan PermissionRefreshInterval = TimeSpan.FromMinutes(4);

    private const byte UdpProtocol = 17;

    private readonly TurnServerOptions _options;
    private readonly TurnServerConnection _connection;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly StunClientTransactions _transactions;
    private readonly Lock _lock = new();
    private readonly Dictionary<IPAddress, bool> _permissions = [];
    private readonly Dictionary<IPEndPoint, ushort> _channelsByPeer = [];
    private readonly Dictionary<ushort, IPEndPoint> _peersByChannel = [];
    private ushort _nextChannel = ChannelData.MinChannel;
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;
    private ITimer? _refreshTimer;
    private ITimer? _permissionTimer;
    private int _disposed;

    private TurnClient(TurnServerOptions options, TurnServerConnection connection, TimeProvider time, ILogger logger)
    {
        _options = options;
        _connection = connection;
        _time = time;
        _logger = logger;
        _transactions = new StunClientTransactions(time);
    }

    public IPEndPoint ServerEndPoint => _connection.ServerEndPoint;

    public IPEndPoint LocalEndPoint => _connection.LocalEndPoint;

    public TurnTransport Transport => _options.Transport;

    public TurnAllocation? Allocation { get; private set; }

    /// <summary>Data from a peer, through a Data indication or a ChannelData message.</summary>
    public event Action<IPEndPoint, ReadOnlyMemory<byte>>? DataReceived;

    /// <summary>The allocation is lost: the connection to the server ended or a refresh failed.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Connects to the server (resolving its name; TCP and TLS connect here) without allocating yet.</summary>
    public static async Task<TurnClient> ConnectAsync(TurnServerOptions options, TimeProvider? time = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate("turn");
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid TURN server options: " + string.Join(" ", errors), nameof(options));
        }

        var connection = await TurnServerConnection.ConnectAsync(options, cancellationToken);
        var client = new TurnClient(options, connection, time ?? TimeProvider.System, logger ?? NullLogger.Instance);
        connection.Start(client.OnMessage, client.OnClosed);
        return client;
    }

    public async Task<TurnAllocation> AllocateAsync(CancellationToken cancellationToken = default)
    {
        var response = await RequestAsync(
            StunMethod.Allocate,
            b => b.AddRequestedTransport(UdpProtocol).AddUInt32(StunAttributeType.Lifetime, (uint)_options.RequestedLifetime.TotalSeconds),
            cancellationToken);
        var relayed = response.XorRelayedAddress ?? throw new StunParseException("The Allocate response has no XOR-RELAYED-ADDRESS.");
        var mapped = response.XorMappedAddress ?? throw new StunParseException("The Allocate response has no XOR-MAPPED-ADDRESS.");
        var lifetime = TimeSpan.FromSeconds(response.Lifetime ?? 600);
        var allocation = new TurnAllocation(relayed, mapped, lifetime);
        Allocation = allocation;
        Log.Allocated(_logger, ServerEndPoint, _options.Transport, relayed, mapped, (int)lifetime.TotalSeconds);
        lock (_lock)
        {
            _refreshTimer ??= _time.CreateTimer(static s => ((TurnClient)s!).OnRefreshTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            _refreshTimer.Change(RefreshDelay(lifetime), Timeout.InfiniteTimeSpan);
            _permissionTimer ??= _time.CreateTimer(static s => ((TurnClient)s!).OnPermissionTimer(), this, PermissionRefreshInterval, PermissionRefreshInterval);
        }

        return allocation;
    }

    /// <summary>Refreshes the allocation for <paramref name="lifetime"/>; zero deletes it.</summary>
    public async Task<TimeSpan> RefreshAsync(TimeSpan lifetime, CancellationToken cancellationToken = default)
    {
        var response = await RequestAsync(StunMethod.Refresh, b => b.AddUInt32(StunAttributeType.Lifetime, (uint)lifetime.TotalSeconds), cancellationToken);
        var granted = TimeSpan.FromSeconds(response.Lifetime ?? (uint)lifetime.TotalSeconds);
        if (Allocation is { } a && granted > TimeSpan.Zero)
        {
            Allocation = a with { Lifetime = granted };
            lock (_lock)
            {
                _refreshTimer?.Change(RefreshDelay(granted), Timeout.InfiniteTimeSpan);
            }
        }

        return granted;
    }

    /// <summary>Lets these peers' addresses send to the relayed address (ports do not matter, RFC 8656 section 9).</summary>
    public async Task CreatePermissionAsync(IEnumerable<IPAddress> peers, CancellationToken cancellationToken = default)
    {
        var list = peers.Distinct().ToList();
        if (list.Count == 0)
        {
            return;
        }

        await RequestAsync(
            StunMethod.CreatePermission,
            b =>
            {
                foreach (var p in list)
                {
                    b.AddXorAddress(StunAttributeType.XorPeerAddress, new IPEndPoint(p, 0));
                }
            },
            cancellationToken);
        lock (_lock)
        {
            foreach (var p in list)
            {
                _permissions[p] = true;
            }
        }
    }

    /// <summary>Binds a channel to <paramref name="peer"/> (also installing its permission); later data to it goes as ChannelData.</summary>
    public async Task<ushort> BindChannelAsync(IPEndPoint peer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(peer);
        peer = StunAddress.Normalize(peer);
        ushort channel;
        lock (_lock)
        {
            if (_channelsByPeer.TryGetValue(peer, out var existing))
            {
                channel = existing;
            }
            else
            {
                if (_nextChannel > ChannelData.MaxChannel)
                {
                    throw new InvalidOperationException("All 4096 TURN channels of this allocation are bound.");
                }

                channel = _nextChannel++;
            }
        }

        await SendChannelBindAsync(channel, peer, cancellationToken);
        lock (_lock)
        {
            _channelsByPeer[peer] = channel;
            _peersByChannel[channel] = peer;
            _permissions[peer.Address] = true;
        }

        return channel;
    }

    public bool HasPermission(IPAddress peer)
    {
        lock (_lock)
        {
            return _permissions.ContainsKey(StunAddress.Normalize(new IPEndPoint(peer, 0)).Address);
        }
    }

    /// <summary>Sends data to <paramref name="peer"/> through the relay: ChannelData if a channel is bound, else a Send indication.</summary>
    public void Send(IPEndPoint peer, ReadOnlySpan<byte> data)
    {
        ArgumentNullException.ThrowIfNull(peer);
        peer = StunAddress.Normalize(peer);
        ushort channel;
        bool bound;
        lock (_lock)
        {
            bound = _channelsByPeer.TryGetValue(peer, out channel);
        }

        if (bound)
        {
            _connection.Send(ChannelData.Encode(channel, data, pad: _connection.IsReliable));
            return;
        }

        var indication = new StunMessageBuilder(StunMethod.Send, StunClass.Indication, StunMessageBuilder.NewTransactionId())
            .AddXorAddress(StunAttributeType.XorPeerAddress, peer)
            .Add(StunAttributeType.Data, data.ToArray())
            .Build(fingerprint: false);
        _connection.Send(indication);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        lock (_lock)
        {
            _refreshTimer?.Dispose();
            _permissionTimer?.Dispose();
        }

        if (Allocation is not null)
        {
            try
            {
                // Delete the allocation so the server frees the relayed port now, not at the lifetime's end; a short
                // schedule because nobody waits for the answer.
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await RequestAsync(StunMethod.Refresh, b => b.AddUInt32(StunAttributeType.Lifetime, 0), cts.Token);
            }
            catch (Exception e) when (e is StunTimeoutException or StunErrorResponseException or OperationCanceledException or StunParseException)
            {
                // The server forgets the allocation at the end of its lifetime anyway.
            }
        }

        _transactions.Dispose();
        await _connection.DisposeAsync();
    }

    private static TimeSpan RefreshDelay(TimeSpan lifetime) =>
        lifetime > TimeSpan.FromMinutes(2) ? lifetime - TimeSpan.FromMinutes(1) : lifetime / 2;

    private Task SendChannelBindAsync(ushort channel, IPEndPoint peer, CancellationToken cancellationToken) =>
        RequestAsync(StunMethod.ChannelBind, b => b.AddChannelNumber(channel).AddXorAddress(StunAttributeType.XorPeerAddress, peer), cancellationToken);

    /// <summary>Sends an authenticated request; handles the 401 challenge and 438 stale nonce, throws on any other error.</summary>
    private async Task<StunMessage> RequestAsync(StunMethod method, Action<StunMessageBuilder> addAttributes, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var builder = StunMessageBuilder.Request(method);
            addAttributes(builder);
            string? realm;
            string? nonce;
            byte[]? key;
            lock (_lock)
            {
                (realm, nonce, key) = (_realm, _nonce, _key);
            }

            byte[] request;
            if (key is not null)
            {
                builder.AddString(StunAttributeType.Username, _options.Username)
                    .AddString(StunAttributeType.Realm, realm!)
                    .AddString(StunAttributeType.Nonce, nonce!);
                request = builder.Build(key);
            }
            else
            {
                request = builder.Build();
            }

            var response = await _transactions.SendAsync(request, _connection.Send, _connection.IsReliable, _options.Retransmission, key, cancellationToken);
            if (response.Class == StunClass.SuccessResponse)
            {
                return response;
            }

            var error = response.Error ?? new StunError(400, "error response without ERROR-CODE");
            var challenge = (error.Code == StunErrorCodes.Unauthorized && key is null) || error.Code == StunErrorCodes.StaleNonce;
            if (challenge && attempt < 2 && response.Nonce is { } newNonce && (response.Realm ?? realm) is { } newRealm)
            {
                lock (_lock)
                {
                    _realm = newRealm;
                    _nonce = newNonce;
                    _key = StunIntegrity.LongTermKey(_options.Username, newRealm, _options.Password);
                }

                continue;
            }

            if (error.Code == StunErrorCodes.Unauthorized)
            {
                throw new StunErrorResponseException(
                    error.Code,
                    error.Reason,
                    $"TURN server {ServerEndPoint} ({_options.Transport}) rejected the credentials of user '{_options.Username}' in realm '{realm ?? response.Realm}': " +
                    $"401 {error.Reason}. Check the username and password, or the shared secret and clock if they are time-limited.");
            }

            throw new StunErrorResponseException(error.Code, error.Reason, $"TURN server {ServerEndPoint} ({_options.Transport}) answered {method} with {error.Code} {error.Reason}.");
        }
    }

    private void OnMessage(byte[] message)
    {
        try
        {
            if (ChannelData.LooksLikeChannelData(message))
            {
                var (channel, data) = ChannelData.Decode(message);
                IPEndPoint? peer;
                lock (_lock)
                {
                    _peersByChannel.TryGetValue(channel, out peer);
                }

                if (peer is not null)
                {
                    RaiseData(peer, data);
                }

                return;
            }

            var stun = StunMessage.Parse(message);
            if (_transactions.TryComplete(stun))
            {
                return;
            }

            if (stun.Class == StunClass.Indication && stun.Method == StunMethod.Data && stun.XorPeerAddress is { } from && stun.Data is { } payload)
            {
                RaiseData(from, payload);
            }
        }
        catch (StunParseException e)
        {
            Log.BadFrame(_logger, ServerEndPoint, e.Message);
        }
    }

    private void RaiseData(IPEndPoint peer, ReadOnlyMemory<byte> data)
    {
        try
        {
            DataReceived?.Invoke(peer, data);
        }
        catch (Exception e)
        {
            // Catch-all on purpose (see CONTRIBUTING.md, containment): a subscriber's bug must not end the receive loop
            // that keeps this allocation's traffic and responses flowing.
            Log.HandlerFailed(_logger, ServerEndPoint, e);
        }
    }

    private void OnClosed(Exception? failure)
    {
        if (failure is null || Volatile.Read(ref _disposed) != 0)
        {
            return;
        }

        Log.ConnectionLost(_logger, ServerEndPoint, failure.Message);
        Failed?.Invoke(failure);
    }

    private void OnRefreshTimer() => _ = RunMaintenanceAsync(async () => await RefreshAsync(_options.RequestedLifetime));

    private void OnPermissionTimer() => _ = RunMaintenanceAsync(async () =>
    {
        List<IPAddress> permissions;
        List<KeyValuePair<IPEndPoint, ushort>> channels;
        lock (_lock)
        {
            permissions = [.. _permissions.Keys];
            channels = [.. _channelsByPeer];
        }

        await CreatePermissionAsync(permissions);
        foreach (var (peer, channel) in channels)
        {
            await SendChannelBindAsync(channel, peer, CancellationToken.None);
        }
    });

    private async Task RunMaintenanceAsync(Func<Task> work)
    {
        try
        {
            await work();
        }
        catch (Exception e) when (e is StunTimeoutException or StunErrorResponseException or StunParseException or ObjectDisposedException)
        {
            if (Volatile.Read(ref _disposed) == 0)
            {
                Log.RefreshFailed(_logger, ServerEndPoint, e.Message);
                Failed?.Invoke(e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.TurnAllocated, Level = LogLevel.Information, Message = "TURN allocation on {Server} ({Transport}): relayed {Relayed}, mapped {Mapped}, lifetime {Lifetime} s")]
        public static partial void Allocated(ILogger logger, IPEndPoint server, TurnTransport transport, IPEndPoint relayed, IPEndPoint mapped, int lifetime);

        [LoggerMessage(EventId = EventIds.TurnRefreshFailed, Level = LogLevel.Warning, Message = "TURN allocation on {Server} could not be kept alive: {Reason}")]
        public static partial void RefreshFailed(ILogger logger, IPEndPoint server, string reason);

        [LoggerMessage(EventId = EventIds.TurnConnectionLost, Level = LogLevel.Warning, Message = "Connection to TURN server {Server} lost: {Reason}")]
        public static partial void ConnectionLost(ILogger logger, IPEndPoint server, string reason);

        [LoggerMessage(EventId = EventIds.TurnHandlerFailed, Level = LogLevel.Error, Message = "A data handler of the TURN client for {Server} threw")]
        public static partial void HandlerFailed(ILogger logger, IPEndPoint server, Exception exception);

        [LoggerMessage(EventId = EventIds.TurnBadFrame, Level = LogLevel.Debug, Message = "Dropped a malformed message from TURN server {Server}: {Reason}")]
        public static partial void BadFrame(ILogger logger, IPEndPoint server, string reason);
    }
}
