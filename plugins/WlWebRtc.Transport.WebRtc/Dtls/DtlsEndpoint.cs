using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>
/// One session's DTLS association. The handshake and then the application-data receive loop run on a
/// dedicated thread (BouncyCastle blocks in Accept/Connect/Receive), fed by a queue the UDP thread fills.
/// </summary>
internal sealed partial class DtlsEndpoint : IDisposable
{
    private readonly bool _isClient;
    private readonly DtlsCertificate _certificate;
    private readonly SdpFingerprint _remoteFingerprint;
    private readonly DtlsTimers _timers;
    private readonly QueuedDatagramTransport _transport;
    private readonly ILogger _logger;
    private static int s_runningThreads;
    private readonly Lock _sendLock = new();
    private Thread? _thread;
    private int _transportDisposed;
    private DtlsTransport? _dtls;
    private volatile bool _disposed;

    public DtlsEndpoint(bool isClient, DtlsCertificate certificate, SdpFingerprint remoteFingerprint, DtlsTimers timers, Action<ReadOnlySpan<byte>> send, ILogger logger)
    {
        _isClient = isClient;
        _certificate = certificate;
        _remoteFingerprint = remoteFingerprint;
        _timers = timers;
        _transport = new QueuedDatagramTransport(send);
        _logger = logger;
    }

    /// <summary>DTLS threads alive in the process (tests check that closed sessions leave none behind).</summary>
    public static int RunningThreads => Volatile.Read(ref s_runningThreads);

    public bool IsClient => _isClient;

    public bool IsConnected => Volatile.Read(ref _dtls) is not null;

    public long QueueDrops => _transport.Dropped;

    /// <summary>Called from the socket thread with a DTLS record from the selected 5-tuple.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram) => _transport.Enqueue(datagram);

    public void Start(string name, Action<DtlsSrtpKeys> connected, Action<string> failed, Action<ReadOnlySpan<byte>> applicationData, Action closed)
    {
        if (_disposed)
        {
            return; // closed before the session got this far
        }

        _thread = new Thread(() => Run(connected, failed, applicationData, closed)) { IsBackground = true, Name = "dtls " + name };
        Interlocked.Increment(ref s_runningThreads);
        try
        {
            _thread.Start();
        }
        catch
        {
            Interlocked.Decrement(ref s_runningThreads);
            throw;
        }
    }

    /// <summary>Sends one application-data record (an SCTP packet). Returns false if not connected.</summary>
    public bool Send(ReadOnlySpan<byte> data)
    {
        var dtls = Volatile.Read(ref _dtls);
        if (dtls is null || _disposed)
        {
            return false;
        }

        try
        {
            lock (_sendLock)
            {
                dtls.Send(data);
            }

            return true;
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): called from SCTP timers and the send paths: a failed send is a lost packet, never an exception on their thread
        catch (Exception ex)
        {
            Log.SendFailed(_logger, ex.Message);
            return false;
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        try
        {
            lock (_sendLock)
            {
                _dtls?.Close();
            }
        }
        catch (Exception ex) when (ex is IOException or TlsException or ObjectDisposedException)
        {
            // best effort close_notify
        }

        // Closing wakes the DTLS thread, whose next Receive throws: it ends on its own within milliseconds and
        // disposes the queue on its way out. No Join here: Dispose runs on the caller's (often a thread-pool)
        // thread and must not wait for a handshake step to finish.
        _transport.Close();
        if (_thread is null)
        {
            DisposeTransport();
        }
    }

    private void DisposeTransport()
    {
        if (Interlocked.Exchange(ref _transportDisposed, 1) == 0)
        {
            _transport.Dispose();
        }
    }

    /// <summary>
    /// The thread's body. Nothing may escape it (an exception on a thread of our own ends the process): a
    /// throwing callback (building the sender, SCTP handling) fails this association with the reason.
    /// </summary>
    private void Run(Action<DtlsSrtpKeys> connected, Action<string> failed, Action<ReadOnlySpan<byte>> applicationData, Action closed)
    {
        try
        {
            RunAssociation(connected, failed, applicationData, closed);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): containment: see above
        catch (Exception ex)
        {
            Log.CallbackThrew(_logger, ex);
            _transport.Close();
            try
            {
                failed($"{ex.GetType().Name} on the DTLS thread: {ex.Message}");
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): the failure path itself must not end the process either
            catch (Exception inner)
            {
                Log.CallbackThrew(_logger, inner);
            }
        }
        finally
        {
            DisposeTransport();
            Interlocked.Decrement(ref s_runningThreads);
        }
    }

    private void RunAssociation(Action<DtlsSrtpKeys> connected, Action<string> failed, Action<ReadOnlySpan<byte>> applicationData, Action closed)
    {
        DtlsTransport dtls;
        DtlsSrtpKeys keys;
        Func<bool> peerClosed;
        try
        {
            var state = new DtlsSrtpState(_certificate, _remoteFingerprint, _timers, _isClient);
            dtls = _isClient
                ? new DtlsClientProtocol().Connect(new DtlsSrtpClient(state), _transport)
                : new DtlsServerProtocol().Accept(new DtlsSrtpServer(state), _transport);
            keys = state.Keys ?? throw new TlsFatalAlert(AlertDescription.internal_error, "no SRTP keys");
            peerClosed = () => state.PeerClosed;
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): any handshake failure (alert, timeout, closed transport) fails the session, nothing else
        catch (Exception ex)
        {
            if (!_disposed)
            {
                Log.HandshakeFailed(_logger, ex.Message);
                failed(ex is TlsFatalAlert alert ? $"DTLS handshake failed: {alert.Message} (alert {alert.AlertDescription})" : $"DTLS handshake failed: {ex.Message}");
            }

            return;
        }

        Volatile.Write(ref _dtls, dtls);
        connected(keys);
        var buffer = new byte[dtls.GetReceiveLimit()];
        while (!_disposed && !peerClosed())
        {
            int n;
            try
            {
                n = dtls.Receive(buffer, 0, buffer.Length, 500);
            }
            catch (TlsFatalAlertReceived alert) when (alert.AlertDescription == AlertDescription.close_notify)
            {
                break;
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a broken record or a closed transport ends this association only
            catch (Exception ex)
            {
                if (!_disposed)
                {
                    Log.ReceiveFailed(_logger, ex.Message);
                }

                break;
            }

            if (n > 0)
            {
                applicationData(buffer.AsSpan(0, n));
            }
        }

        if (!_disposed)
        {
            closed();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.DtlsHandshakeFailed, Level = LogLevel.Warning, Message = "DTLS handshake failed: {Reason}")]
        public static partial void HandshakeFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.DtlsReceiveEnded, Level = LogLevel.Debug, Message = "DTLS receive ended: {Reason}")]
        public static partial void ReceiveFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.DtlsSendFailed, Level = LogLevel.Debug, Message = "DTLS send failed: {Reason}")]
        public static partial void SendFailed(ILogger logger, string reason);

        [LoggerMessage(EventId = EventIds.DtlsCallbackThrew, Level = LogLevel.Error, Message = "A callback on the DTLS thread threw; the association fails")]
        public static partial void CallbackThrew(ILogger logger, Exception exception);
    }
}
