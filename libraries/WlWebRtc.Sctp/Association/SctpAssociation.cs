using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WlWebRtc.Sctp;

/// <summary>
/// One SCTP association carried over DTLS (RFC 8261) with WebRTC data channels (RFC 8831/8832) on top.
/// Feed every decrypted DTLS application-data record to <see cref="HandlePacket"/>; every packet to send goes
/// out through the <see cref="SctpPacketSender"/>. Thread-safe: packets from a receive thread, sends from any thread.
/// Events are raised outside the association's lock, on the thread that caused them (receive thread or timer).
/// </summary>
public sealed partial class SctpAssociation : IDisposable
{
    private readonly SctpAssociationOptions _options;
    private readonly SctpPacketSender _sendPacket;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Counters _counters = new();
    private readonly List<Action> _pendingEvents = [];
    private readonly DataChannelTable _channels = new();

    // Our side: the verification tag the peer must put in its packets, and our TSN space.
    private readonly uint _localTag;
    private readonly uint _localInitialTsn;

    // The parts, each owning its state; this type runs the state machine and hands them packets and timer events.
    private readonly PacketBuilder _builder;
    private readonly DropLog _drops;
    private readonly StateCookie _cookie;
    private readonly InitRetransmission _init;
    private readonly DataSender _sender;
    private readonly DataReceiver _receiver;
    private readonly StreamResetter _resets;
    private readonly SctpTimer _t1;
    private readonly SctpTimer _t2;
    private readonly SctpTimer _t3;
    private readonly SctpTimer _delayedAck;
    private readonly SctpTimer _reconfigTimer;

    /// <exception cref="ArgumentException">The options are invalid (all errors in the message).</exception>
    public SctpAssociation(SctpAssociationOptions options, SctpPacketSender sendPacket, TimeProvider? timeProvider = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sendPacket);
        var errors = options.Validate();
        if (errors.Count > 0)
            throw new ArgumentException("Invalid SCTP options: " + string.Join(" ", errors), nameof(options));
        _options = options;
        _sendPacket = sendPacket;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _localTag = RandomNonZero();
        _localInitialTsn = RandomNonZero();
        _builder = new PacketBuilder(_options.MaxPacketSize, EmitPacket)
        {
            SourcePort = (ushort)_options.LocalPort,
            DestinationPort = (ushort)_options.RemotePort,
        };
        _t1 = new SctpTimer(_time, timer => OnTimer(OnT1Expired, timer));
        _t2 = new SctpTimer(_time, timer => OnTimer(OnT2Expired, timer));
        _t3 = new SctpTimer(_time, timer => OnTimer(OnT3Expired, timer));
        _delayedAck = new SctpTimer(_time, timer => OnTimer(OnDelayedAckExpired, timer));
        _reconfigTimer = new SctpTimer(_time, timer => OnTimer(OnReconfigTimerExpired, timer));
        _outboundStreams = (ushort)_options.MaxStreams;
        _drops = new DropLog(_counters, _logger);
        _cookie = new StateCookie(_time, _options.CookieLifetime, _localTag, _localInitialTsn, _drops);
        _init = new InitRetransmission(_t1, _options);
        _sender = new DataSender(_options, _builder, _time, _counters, _t3, _localInitialTsn);
        _receiver = new DataReceiver(_options, _counters, _drops, _delayedAck, Deliver);
        _resets = new StreamResetter(_options, _builder, _reconfigTimer, _sender, _receiver, _localInitialTsn,
            _channels.Find, _channels.StreamIds, FinishChannelClose);
        _publicState = (int)SctpAssociationState.New;
    }

    public SctpAssociationOptions Options => _options;

    public SctpAssociationState State => (SctpAssociationState)Volatile.Read(ref _publicState);

    /// <summary>The association state changed (Established, Closed, Failed…).</summary>
    public event Action<SctpAssociation, SctpAssociationState>? StateChanged;

    /// <summary>A channel became open: one the peer opened with DCEP (subscribe to its events here: no message
    /// is delivered on it before this returns), or one we opened, once acknowledged.</summary>
    public event Action<DataChannel>? DataChannelOpened;

    /// <summary>Sends INIT. Either side may (WebRTC); a simultaneous INIT from the peer is resolved per RFC 9260 §5.2.
    /// Without Start the association still answers a peer's INIT.</summary>
    public void Start() => StartCore();

    /// <summary>Processes one incoming SCTP packet. Never throws on bad input: bad packets are dropped and counted.</summary>
    public void HandlePacket(ReadOnlySpan<byte> packet) => HandlePacketCore(packet);

    /// <summary>Opens a data channel (DCEP DATA_CHANNEL_OPEN, or none when negotiated). May be called before the
    /// association is established: the open is sent once it is.</summary>
    /// <exception cref="ArgumentException">Invalid options, or the stream id is in use or has the wrong parity.</exception>
    /// <exception cref="InvalidOperationException">The association is closed or failed, or no stream id is free.</exception>
    public DataChannel OpenDataChannel(string label, DataChannelOptions? options = null) => OpenDataChannelCore(label, options ?? new DataChannelOptions());

    /// <summary>The channels currently known (any state but Closed).</summary>
    public IReadOnlyList<DataChannel> DataChannels => GetDataChannels();

    public SctpStatistics GetStatistics() => GetStatisticsCore();

    /// <summary>Graceful close: sends SHUTDOWN once outstanding data is acknowledged.</summary>
    public void Shutdown() => ShutdownCore();

    /// <summary>Immediate close: sends ABORT and closes every channel.</summary>
    public void Abort(string? reason = null) => AbortCore(reason);

    /// <summary>Stops the timers; sends ABORT if the association is still up.</summary>
    public void Dispose() => DisposeCore();

    private void RaiseStateChanged(SctpAssociationState state) => StateChanged?.Invoke(this, state);

    private void RaiseDataChannelOpened(DataChannel channel) => DataChannelOpened?.Invoke(channel);
}
