using System.Collections.Concurrent;
using Org.BouncyCastle.Tls;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>
/// BouncyCastle's view of one peer's datagrams: the socket's receive thread enqueues the peer's DTLS
/// records, the DTLS thread blocks in <see cref="Receive(byte[],int,int,int)"/>. Sending goes to the
/// selected ICE pair. The queue is bounded; when full, records are dropped (DTLS retransmits).
/// </summary>
internal sealed class QueuedDatagramTransport : DatagramTransport, IDisposable
{
    private const int Capacity = 512;
    private const int MaxDatagram = 1500;
    private readonly BlockingCollection<byte[]> _queue = new(new ConcurrentQueue<byte[]>(), Capacity);
    private readonly Action<ReadOnlySpan<byte>> _send;
    private readonly Lock _closeLock = new();
    private volatile bool _closed;
    private bool _queueDisposed;

    public QueuedDatagramTransport(Action<ReadOnlySpan<byte>> send) => _send = send;

    public long Dropped { get; private set; }

    public bool IsClosed => _closed;

    /// <summary>Called from the socket thread; copies the datagram.</summary>
    public void Enqueue(ReadOnlySpan<byte> datagram)
    {
        try
        {
            if (_closed || datagram.Length > MaxDatagram || !_queue.TryAdd(datagram.ToArray()))
            {
                Dropped++;
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or ObjectDisposedException)
        {
            Dropped++; // closed meanwhile
        }
    }

    public int GetReceiveLimit() => MaxDatagram;

    public int GetSendLimit() => 1200;

    public int Receive(byte[] buf, int off, int len, int waitMillis) => Receive(buf.AsSpan(off, len), waitMillis);

    /// <remarks>
    /// Once closed this throws an <see cref="IOException"/>, never a timeout: BouncyCastle turns a
    /// <see cref="TlsTimeoutException"/> into "nothing received", resends its flight and asks again at once,
    /// which spun a core until the handshake timeout when a session closed mid-handshake. An I/O error
    /// ends the handshake (or the receive loop) instead. Closing also wakes a waiting call.
    /// </remarks>
    public int Receive(Span<byte> buffer, int waitMillis)
    {
        ThrowIfClosed();
        byte[]? datagram;
        try
        {
            if (!_queue.TryTake(out datagram, Math.Max(waitMillis, 0)))
            {
                ThrowIfClosed(); // woken by Close (CompleteAdding), not by the timeout
                return -1;
            }
        }
        catch (Exception ex) when (ex is ObjectDisposedException or InvalidOperationException)
        {
            throw new IOException("The DTLS transport is closed.", ex);
        }

        var n = Math.Min(datagram.Length, buffer.Length);
        datagram.AsSpan(0, n).CopyTo(buffer);
        return n;
    }

    private void ThrowIfClosed()
    {
        if (_closed)
        {
            throw new IOException("The DTLS transport is closed.");
        }
    }

    public void Send(byte[] buf, int off, int len) => Send(buf.AsSpan(off, len));

    public void Send(ReadOnlySpan<byte> buffer)
    {
        if (!_closed)
        {
            _send(buffer);
        }
    }

    /// <summary>Ends the transport: a waiting and every later <see cref="Receive(Span{byte},int)"/> throws. Idempotent, from any thread.</summary>
    public void Close()
    {
        // Under the lock: the session's Dispose and the DTLS thread's way out close at the same moment, and a check of
        // _closed outside it let one of them complete a queue the other had already disposed.
        lock (_closeLock)
        {
            CloseLocked();
        }
    }

    public void Dispose()
    {
        lock (_closeLock)
        {
            CloseLocked();
            if (!_queueDisposed)
            {
                _queueDisposed = true;
                _queue.Dispose();
            }
        }
    }

    private void CloseLocked()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _queue.CompleteAdding();
    }
}
