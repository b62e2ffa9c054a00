namespace WlWebRtc.Sctp;

/// <summary>The data channels by stream id (RFC 8832: one channel per stream id, used in both directions) and the
/// choice of a free id for a channel we open. Called under the association's lock.</summary>
internal sealed class DataChannelTable
{
    private readonly Dictionary<ushort, DataChannel> _channels = [];

    public IReadOnlyList<DataChannel> Snapshot() => [.. _channels.Values];

    public IReadOnlyList<ushort> StreamIds() => [.. _channels.Keys];

    public DataChannel? Find(ushort streamId) => _channels.GetValueOrDefault(streamId);

    public bool Contains(ushort streamId) => _channels.ContainsKey(streamId);

    /// <summary>Whether <paramref name="channel"/> is the one registered for its stream (not a closed predecessor).</summary>
    public bool IsRegistered(DataChannel channel) => _channels.TryGetValue(channel.StreamId, out var known) && ReferenceEquals(known, channel);

    public void Add(DataChannel channel) => _channels[channel.StreamId] = channel;

    /// <summary>Removes <paramref name="channel"/> if it is the one registered for its stream.</summary>
    public void Remove(DataChannel channel)
    {
        if (IsRegistered(channel))
            _channels.Remove(channel.StreamId);
    }

    /// <summary>The lowest free stream id of our parity (RFC 8832 §6: the DTLS client takes even ids, the server odd
    /// ones) below <paramref name="outboundStreams"/>, skipping ids still being reset.</summary>
    /// <exception cref="InvalidOperationException">No id is free.</exception>
    public ushort AllocateStreamId(bool isDtlsClient, ushort outboundStreams, Func<ushort, bool> isBeingReset)
    {
        for (var id = isDtlsClient ? 0 : 1; id < outboundStreams; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id) && !isBeingReset((ushort)id))
                return (ushort)id;
        }
        throw new InvalidOperationException("No free stream id.");
    }
}
