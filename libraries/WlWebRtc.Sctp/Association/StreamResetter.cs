using WlWebRtc.Sctp.Packets;
using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

/// <summary>
/// Stream reset (RFC 6525) as data channels use it to close (RFC 8831 §6.7): our outgoing streams waiting to be
/// reset, the one request outstanding with its timer, the peer's requests (performed, deferred until its data
/// arrived, or answered again when repeated) and which side of each stream is done; a channel closes once both are.
/// Called under the association's lock.
/// </summary>
internal sealed class StreamResetter
{
    private readonly SctpAssociationOptions _options;
    private readonly PacketBuilder _builder;
    private readonly SctpTimer _timer;
    private readonly DataSender _sender;
    private readonly DataReceiver _receiver;
    private readonly Func<ushort, DataChannel?> _findChannel;
    private readonly Func<IEnumerable<ushort>> _channelStreams;
    private readonly Action<DataChannel> _finishClose;
    private readonly uint _localInitialTsn;
    private readonly List<IChunk> _responses = [];
    private readonly SortedSet<ushort> _pendingResets = [];     // our outgoing streams waiting to be reset
    private readonly HashSet<ushort> _incomingResetDone = [];   // streams the peer reset towards us
    private readonly HashSet<ushort> _outgoingResetDone = [];   // streams we reset towards the peer
    private OutgoingResetRequest? _reconfigOutstanding;
    private uint _reconfigSeq;
    private bool _reconfigSeqInitialized;
    private uint _peerNextReconfigSeq;
    private OutgoingResetRequest? _deferredPeerReset;
    private ReConfigResponse? _lastResponse;
    private TimeSpan _reconfigRto;

    /// <param name="findChannel">The open or closing channel on a stream, if any.</param>
    /// <param name="channelStreams">The streams with a channel (a request naming no stream resets them all).</param>
    /// <param name="finishClose">Closes a channel whose both directions are reset.</param>
    public StreamResetter(SctpAssociationOptions options, PacketBuilder builder, SctpTimer timer, DataSender sender, DataReceiver receiver, uint localInitialTsn,
        Func<ushort, DataChannel?> findChannel, Func<IEnumerable<ushort>> channelStreams, Action<DataChannel> finishClose)
    {
        _options = options;
        _builder = builder;
        _timer = timer;
        _sender = sender;
        _receiver = receiver;
        _localInitialTsn = localInitialTsn;
        _findChannel = findChannel;
        _channelStreams = channelStreams;
        _finishClose = finishClose;
    }

    /// <summary>The peer's INIT or INIT-ACK: its request sequence numbers start at its initial TSN (RFC 6525 §5.1).</summary>
    public void AdoptPeer(uint peerInitialTsn) => _peerNextReconfigSeq = peerInitialTsn;

    /// <summary>Whether the stream waits for its reset (its id is not free yet).</summary>
    public bool IsPending(ushort streamId) => _pendingResets.Contains(streamId);

    /// <summary>Our side of the channel on <paramref name="streamId"/> closes: reset the stream once its data has TSNs.</summary>
    public void Request(ushort streamId) => _pendingResets.Add(streamId);

    /// <summary>The channel on the stream closed without (or before the end of) a reset.</summary>
    public void Forget(ushort streamId) => _pendingResets.Remove(streamId);

    /// <summary>Writes the responses due, then a reset request for the streams waiting, if none is outstanding.</summary>
    public void Transmit()
    {
        foreach (var chunk in _responses)
            _builder.Add(chunk);
        _responses.Clear();
        SendRequestIfReady();
    }

    private void SendRequestIfReady()
    {
        if (_reconfigOutstanding is not null || _pendingResets.Count == 0)
            return;
        if (!_reconfigSeqInitialized)
        {
            _reconfigSeq = _localInitialTsn;
            _reconfigSeqInitialized = true;
        }
        // A stream is reset only after everything queued on it has been given a TSN (RFC 8831 §6.7).
        var busy = _sender.StreamsWithQueuedMessages();
        var streams = _pendingResets.Where(s => !busy.Contains(s)).Take(64).ToArray();
        if (streams.Length == 0)
            return;
        foreach (var s in streams)
            _pendingResets.Remove(s);
        _reconfigOutstanding = new OutgoingResetRequest(_reconfigSeq, _peerNextReconfigSeq - 1, _sender.LastAssignedTsn, streams);
        _reconfigRto = _sender.Rto;
        _builder.Add(new ReConfigChunk([_reconfigOutstanding]));
        _timer.Start(_reconfigRto);
    }

    /// <summary>The request timer expired: send the request again (the association checks it is still up).</summary>
    public void OnTimerExpired()
    {
        if (_reconfigOutstanding is null)
            return;
        _reconfigRto = TimeSpan.FromTicks(Math.Min(_reconfigRto.Ticks * 2, _options.RtoMax.Ticks));
        // Retransmission keeps the request sequence number; the last assigned TSN may have moved on for other streams,
        // which is harmless: it only delays the peer's reset until that TSN arrives.
        _builder.Add(new ReConfigChunk([_reconfigOutstanding]));
        _timer.Start(_reconfigRto);
    }

    public void Handle(ReConfigChunk chunk)
    {
        foreach (var parameter in chunk.Parameters)
        {
            switch (parameter)
            {
                case OutgoingResetRequest request:
                    HandlePeerOutgoingReset(request);
                    break;
                case IncomingResetRequest request:
                    HandlePeerIncomingReset(request);
                    break;
                case ReConfigResponse response:
                    HandleReconfigResponse(response);
                    break;
                case UnknownReConfigParameter unknown:
                    Respond(unknown.RequestSeq, ReConfigResponse.Denied, advance: unknown.RequestSeq == _peerNextReconfigSeq);
                    break;
            }
        }
    }

    /// <summary>The peer reset its outgoing streams: our incoming side of those channels closes.</summary>
    private void HandlePeerOutgoingReset(OutgoingResetRequest request)
    {
        if (request.RequestSeq == _peerNextReconfigSeq)
        {
            if (Tsn.Lt(_receiver.CumulativeTsn, request.LastTsn))
            {
                // Deferred reset processing (RFC 6525 §5.2.2 E2): wait until all its data arrived.
                _deferredPeerReset = request;
                _responses.Add(new ReConfigChunk([new ReConfigResponse(request.RequestSeq, ReConfigResponse.InProgress)]));
                return;
            }
            PerformPeerOutgoingReset(request);
        }
        else if (request.RequestSeq == _peerNextReconfigSeq - 1 && _lastResponse is not null)
        {
            _responses.Add(new ReConfigChunk([_lastResponse]));
        }
        else
        {
            _responses.Add(new ReConfigChunk([new ReConfigResponse(request.RequestSeq, ReConfigResponse.ErrorBadSequenceNumber)]));
        }
    }

    /// <summary>A reset deferred until the peer's data before it arrived (RFC 6525 §5.2.2 E2) is performed once it did.</summary>
    public void CheckDeferred()
    {
        if (_deferredPeerReset is { } request && !Tsn.Lt(_receiver.CumulativeTsn, request.LastTsn))
        {
            _deferredPeerReset = null;
            PerformPeerOutgoingReset(request);
        }
    }

    private void PerformPeerOutgoingReset(OutgoingResetRequest request)
    {
        IEnumerable<ushort> streams = request.Streams.Count > 0 ? request.Streams : _channelStreams();
        foreach (var streamId in streams)
        {
            // Ordered data sent before the reset is all here (its last TSN arrived); the stream starts again at SSN 0.
            _receiver.ResetStream(streamId, request.LastTsn);
            if (_findChannel(streamId) is not { } channel)
                continue;
            _incomingResetDone.Add(streamId);
            if (channel.State is DataChannelState.Open or DataChannelState.Connecting)
            {
                // The peer closed the channel: reset our side too (RFC 8831 §6.7).
                channel.SetState(DataChannelState.Closing);
                _pendingResets.Add(streamId);
            }
            TryCompleteClose(channel);
        }
        Respond(request.RequestSeq, ReConfigResponse.SuccessPerformed, advance: true);
    }

    private void HandlePeerIncomingReset(IncomingResetRequest request)
    {
        if (request.RequestSeq != _peerNextReconfigSeq)
            return;
        // The peer asks us to reset our outgoing streams: that is closing those channels from our side.
        foreach (var streamId in request.Streams)
        {
            if (_findChannel(streamId) is { State: DataChannelState.Open or DataChannelState.Connecting } channel)
            {
                channel.SetState(DataChannelState.Closing);
                _pendingResets.Add(streamId);
            }
        }
        Respond(request.RequestSeq, ReConfigResponse.SuccessNothingToDo, advance: true);
    }

    private void Respond(uint requestSeq, uint result, bool advance)
    {
        var response = new ReConfigResponse(requestSeq, result);
        _responses.Add(new ReConfigChunk([response]));
        if (advance)
        {
            _lastResponse = response;
            _peerNextReconfigSeq++;
        }
    }

    private void HandleReconfigResponse(ReConfigResponse response)
    {
        if (_reconfigOutstanding is not { } request || request.RequestSeq != response.ResponseSeq)
            return;
        if (response.Result == ReConfigResponse.InProgress)
            return; // the timer retransmits the request
        _timer.Stop();
        _reconfigOutstanding = null;
        _reconfigSeq++;
        // Success or not, the streams are done on our side: a denied reset leaves nothing better to do.
        foreach (var streamId in request.Streams)
        {
            _sender.ResetStream(streamId);
            _outgoingResetDone.Add(streamId);
            if (_findChannel(streamId) is { } channel)
                TryCompleteClose(channel);
        }
    }

    public void Clear()
    {
        _responses.Clear();
        _pendingResets.Clear();
        _incomingResetDone.Clear();
        _outgoingResetDone.Clear();
        _reconfigOutstanding = null;
        _deferredPeerReset = null;
        _lastResponse = null;
    }

    private void TryCompleteClose(DataChannel channel)
    {
        var id = channel.StreamId;
        if (!_outgoingResetDone.Contains(id) || !_incomingResetDone.Contains(id))
            return;
        _outgoingResetDone.Remove(id);
        _incomingResetDone.Remove(id);
        _finishClose(channel);
    }
}
