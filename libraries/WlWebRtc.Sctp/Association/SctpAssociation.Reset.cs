using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

public sealed partial class SctpAssociation
{
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

    private void SendReconfigIfReady()
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
        _reconfigTimer.Start(_reconfigRto);
    }

    private void OnReconfigTimerExpired()
    {
        if (_reconfigOutstanding is null || !IsUp)
            return;
        _reconfigRto = TimeSpan.FromTicks(Math.Min(_reconfigRto.Ticks * 2, _options.RtoMax.Ticks));
        // Retransmission keeps the request sequence number; the last assigned TSN may have moved on for other streams,
        // which is harmless: it only delays the peer's reset until that TSN arrives.
        _builder.Add(new ReConfigChunk([_reconfigOutstanding]));
        _reconfigTimer.Start(_reconfigRto);
    }

    private void HandleReConfig(ReConfigChunk chunk)
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
                _pendingControl.Add(new ReConfigChunk([new ReConfigResponse(request.RequestSeq, ReConfigResponse.InProgress)]));
                return;
            }
            PerformPeerOutgoingReset(request);
        }
        else if (request.RequestSeq == _peerNextReconfigSeq - 1 && _lastResponse is not null)
        {
            _pendingControl.Add(new ReConfigChunk([_lastResponse]));
        }
        else
        {
            _pendingControl.Add(new ReConfigChunk([new ReConfigResponse(request.RequestSeq, ReConfigResponse.ErrorBadSequenceNumber)]));
        }
    }

    private void CheckDeferredResets()
    {
        if (_deferredPeerReset is { } request && !Tsn.Lt(_receiver.CumulativeTsn, request.LastTsn))
        {
            _deferredPeerReset = null;
            PerformPeerOutgoingReset(request);
        }
    }

    private void PerformPeerOutgoingReset(OutgoingResetRequest request)
    {
        IEnumerable<ushort> streams = request.Streams.Count > 0 ? request.Streams : [.. _channels.Keys];
        foreach (var streamId in streams)
        {
            // Ordered data sent before the reset is all here (its last TSN arrived); the stream starts again at SSN 0.
            _receiver.ResetStream(streamId, request.LastTsn);
            if (!_channels.TryGetValue(streamId, out var channel))
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
            if (_channels.TryGetValue(streamId, out var channel) && channel.State is DataChannelState.Open or DataChannelState.Connecting)
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
        _pendingControl.Add(new ReConfigChunk([response]));
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
        _reconfigTimer.Stop();
        _reconfigOutstanding = null;
        _reconfigSeq++;
        // Success or not, the streams are done on our side: a denied reset leaves nothing better to do.
        foreach (var streamId in request.Streams)
        {
            _sender.ResetStream(streamId);
            _outgoingResetDone.Add(streamId);
            if (_channels.TryGetValue(streamId, out var channel))
                TryCompleteClose(channel);
        }
    }

    private void ClearResetState()
    {
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
        FinishChannelClose(channel);
    }
}
