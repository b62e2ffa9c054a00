using WlWebRtc.Media;
using WlWebRtc.Rtp.Pacing;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Queue;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Transport.WebRtc.Dtls;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>
/// Video out (queue → pacer → packetize → SRTP → socket) and RTCP in. The send loop paces: packets leave in small
/// bursts at a multiple of the estimate (<see cref="PacedFrameSender"/>), and frames that waited past
/// <c>max_send_delay_ms</c> are dropped for a keyframe instead of adding latency.
/// </summary>
internal sealed partial class WebRtcPeerSession
{
    private const int MaxRtcpDatagram = 1500;
    private readonly ViewerSendQueue _sendQueue;
    private readonly CancellationTokenSource _stop = new();
    private RtpVideoSender? _sender;
    private int _estimateReported;
    private Task? _sendLoop;
    private long _framesDropped;
    private PacedFrameSender? _pacer;

    public bool SendVideo(EncodedAccessUnit accessUnit)
    {
        ArgumentNullException.ThrowIfNull(accessUnit);
        if (Volatile.Read(ref _sender) is null || State != PeerSessionState.Connected || accessUnit.Codec != VideoCodec.H264)
        {
            Interlocked.Increment(ref _framesDropped);
            return false;
        }

        var lease = new FrameLease(accessUnit.Retain(), _transport.GetPlan(accessUnit));
        var result = _sendQueue.Enqueue(new QueuedFrame(accessUnit.Data, accessUnit.IsKeyframe, accessUnit.CaptureTime.MonotonicTimestamp, lease)
        {
            Plan = lease.Plan,
            QueuedAt = _transport.Time.GetTimestamp(),
        });
        if (result == EnqueueResult.DroppedKeyframeNeeded)
        {
            RequestKeyframe();
        }

        return result == EnqueueResult.Queued;
    }

    /// <summary>On the DTLS thread once keys exist; anything that throws here fails this session only.</summary>
    private void OnDtlsConnected(DtlsSrtpKeys keys)
    {
        try
        {
            StartMedia(keys);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): containment: building the sender or the association must not end the DTLS thread (or the process)
        catch (Exception ex)
        {
            FailOnException("starting media after DTLS", ex);
        }
    }

    private void StartMedia(DtlsSrtpKeys keys)
    {
        if (State is PeerSessionState.Closed or PeerSessionState.Failed)
        {
            return; // closed while the handshake finished
        }

        var negotiated = _negotiated!;
        if (negotiated.Video is { } video)
        {
            var options = SessionMediaOptions.Video(video, _videoSsrc, _rtxSsrc, _cname, _transport.Options.Mtu, Options.StartBitrateBitsPerSecond,
                _transport.Options.Congestion, _transport.Options.Fec, _transport.Options.LossRecovery);
            var outbound = new SrtpSession(keys.Local);
            var inbound = new SrtpSession(keys.Remote);
            Volatile.Write(ref _sender, new RtpVideoSender(options, outbound, inbound, new SelectedPairSink(this), _transport.Time));
            if (Volatile.Read(ref _disposed) != 0)
            {
                Interlocked.Exchange(ref _sender, null)?.Dispose(); // closed while the handshake finished: DisposeAsync has run
                return;
            }

            _sendQueue.RequireKeyframe();
            _sendLoop = Task.Run(SendLoopAsync);
        }

        StartData();
        Log.Connected(_logger, Id, keys.Profile);

        // The encoder hears the start estimate before it makes this viewer's first keyframe, so that keyframe fits the
        // link: before the state change, whose observers already ask for that keyframe (the host's gateway does).
        ReportEstimate();
        if (SetState(PeerSessionState.Connected, from: PeerSessionState.Connecting))
        {
            Notify(PeerSessionState.Connected);
        }

        RequestKeyframe();
    }

    private async Task SendLoopAsync()
    {
        using var pacer = new PacedFrameSender(_sender!, _sendQueue, _transport.Time, _transport.Options.Congestion.MaxSendDelay);
        Volatile.Write(ref _pacer, pacer);
        try
        {
            var stop = _stop.Token;
            while (!stop.IsCancellationRequested)
            {
                PacerStep step;
                try
                {
                    step = pacer.Step();
                }
                catch (ObjectDisposedException)
                {
                    break; // the sender was disposed: the session is closing
                }
// Catch-all on purpose (see CONTRIBUTING.md, containment): one bad frame must not end the viewer's stream (the pacer released it)
                catch (Exception ex)
                {
                    Log.SendFailed(_logger, ex, Id);
                    continue;
                }

                if (step.KeyframeNeeded)
                {
                    RequestKeyframe();
                }

                if (step.Wait is { } wait)
                {
                    await Task.Delay(wait, _transport.Time, stop).ConfigureAwait(false);
                }
                else if (!await _sendQueue.WaitToReadAsync(stop).ConfigureAwait(false))
                {
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException)
        {
            // stopping (or closed before the loop got going)
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): containment: the loop itself failing ends this session, nothing else
        catch (Exception ex)
        {
            FailOnException("the send loop", ex);
        }
    }

    private void HandleRtcp(ReadOnlySpan<byte> datagram)
    {
        var sender = Volatile.Read(ref _sender);
        if (sender is null || datagram.Length > MaxRtcpDatagram || !RtpPacketClassifier.IsRtcp(datagram))
        {
            // We only send video: RTP from the viewer, or anything before keys exist, is unexpected.
            CountMalformed();
            return;
        }

        Span<byte> copy = stackalloc byte[datagram.Length];
        datagram.CopyTo(copy);
        var events = sender.ReceiveRtcp(copy);
        if ((events & RtcpEvents.Dropped) == 0)
        {
            Volatile.Write(ref _peerConfirmed, true);
            _ice.NoteSelectedPairTraffic();
        }
        if ((events & RtcpEvents.KeyframeRequested) != 0)
        {
            RequestKeyframe();
        }

        if ((events & RtcpEvents.Bye) != 0)
        {
            // The viewer stopped its receiver (RTCP BYE, sent by browsers on close): the session is over.
            Log.ByeReceived(_logger, Id);
            OnDtlsClosed();
            return;
        }

        // The host hears the estimate as soon as RTCP flows (so bitrate adaptation starts from it), then on every change.
        if ((events & RtcpEvents.BandwidthEstimateChanged) != 0 || Volatile.Read(ref _estimateReported) == 0)
        {
            ReportEstimate();
        }
    }

    private void ReportEstimate()
    {
        var sender = Volatile.Read(ref _sender);
        if (sender is null || sender.EstimatedBitrateBitsPerSecond <= 0)
        {
            return;
        }

        Volatile.Write(ref _estimateReported, 1);
        try
        {
            _observer.OnBandwidthEstimate(this, sender.EstimatedBitrateBitsPerSecond);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): observer bugs stay out of the socket thread
        catch (Exception ex)
        {
            Log.ObserverThrew(_logger, ex, Id);
        }
    }

    private void RequestKeyframe()
    {
        try
        {
            _observer.OnKeyframeRequested(this);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): observer bugs stay out of the socket thread
        catch (Exception ex)
        {
            Log.ObserverThrew(_logger, ex, Id);
        }
    }

    private async Task StopMediaAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        if (_sendLoop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        var sender = Interlocked.Exchange(ref _sender, null);
        if (sender is not null)
        {
            try
            {
                sender.SendBye();
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): best effort on the way out
            catch (Exception)
            {
            }

            sender.Dispose();
        }

        _stop.Dispose();
    }

    /// <summary>Writes the RTP library's datagrams to the selected candidate pair.</summary>
    private sealed class SelectedPairSink(WebRtcPeerSession session) : IRtpPacketSink
    {
        public void SendDatagram(ReadOnlySpan<byte> datagram) => session.SendToSelected(datagram);
    }
}
