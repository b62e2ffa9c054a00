using System.Text;

namespace WlWebRtc.Sctp;

/// <summary>One WebRTC data channel (RFC 8831): an SCTP stream pair plus its DCEP parameters.</summary>
public sealed class DataChannel
{
    private readonly SctpAssociation _association;
    private int _state;
    private long _bufferedAmount;

    internal DataChannel(SctpAssociation association, ushort streamId, string label, DataChannelOptions options, DataChannelState state)
    {
        _association = association;
        StreamId = streamId;
        Label = label;
        Options = options;
        _state = (int)state;
    }

    public ushort StreamId { get; }
    public string Label { get; }
    public string Protocol => Options.Protocol;
    public bool Ordered => Options.Ordered;
    public int? MaxRetransmits => Options.MaxRetransmits;
    public TimeSpan? MaxPacketLifetime => Options.MaxPacketLifetime;
    public bool Negotiated => Options.Negotiated;
    public int Priority => Options.Priority;
    public DataChannelState State => (DataChannelState)Volatile.Read(ref _state);

    /// <summary>Bytes handed to <see cref="Send(ReadOnlySpan{byte}, bool)"/> and not yet acknowledged or abandoned.</summary>
    public long BufferedAmount => Interlocked.Read(ref _bufferedAmount);

    /// <summary>The channel became usable (for a channel we opened: the peer's DATA_CHANNEL_ACK arrived).</summary>
    public event Action<DataChannel>? Opened;

    /// <summary>A whole message arrived; raised on the thread that called <see cref="SctpAssociation.HandlePacket"/>.</summary>
    public event DataChannelMessageHandler? MessageReceived;

    /// <summary>The channel closed (stream reset finished, or the association ended).</summary>
    public event Action<DataChannel>? Closed;

    internal DataChannelOptions Options { get; }

    /// <summary>True once the peer acknowledged the open (or sent on the channel): unordered sends are allowed from then on.</summary>
    internal bool PeerAcknowledged { get; set; }

    /// <summary>Queues a message. False when the channel is not open or connecting, or the send buffer is full.</summary>
    /// <exception cref="ArgumentException">The message exceeds the peer's maximum message size.</exception>
    public bool Send(ReadOnlySpan<byte> data, bool isBinary = true) => _association.SendMessage(this, data, isBinary);

    /// <summary>Queues a text message (PPID 51, or 56 when empty).</summary>
    public bool Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Send(Encoding.UTF8.GetBytes(text), isBinary: false);
    }

    /// <summary>Closes the channel by resetting its outgoing stream (RFC 8831 §6.7); <see cref="Closed"/> follows.</summary>
    public void Close() => _association.CloseChannel(this);

    internal void SetState(DataChannelState state) => Volatile.Write(ref _state, (int)state);

    internal void AddBuffered(long delta) => Interlocked.Add(ref _bufferedAmount, delta);

    internal void RaiseOpened() => Opened?.Invoke(this);

    internal void RaiseClosed() => Closed?.Invoke(this);

    internal void RaiseMessage(ReadOnlySpan<byte> data, bool isBinary) => MessageReceived?.Invoke(this, data, isBinary);
}
