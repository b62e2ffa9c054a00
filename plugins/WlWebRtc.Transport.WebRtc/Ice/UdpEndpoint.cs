using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// One bound UDP socket with its own receive thread. Every datagram goes to the demultiplexer; the thread
/// never runs handshakes or anything that blocks (DTLS runs on its own threads).
/// </summary>
internal sealed partial class UdpEndpoint : IDatagramSender, IDisposable
{
    private const int BufferSize = 4 * 1024 * 1024;
    private readonly Socket _socket;
    private readonly UdpDemultiplexer _demultiplexer;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _disposed;
    private long _sendErrors;
    private long _received;

    public UdpEndpoint(IPEndPoint bind, UdpDemultiplexer demultiplexer, ILogger logger)
    {
        _demultiplexer = demultiplexer;
        _logger = logger;
        _socket = new Socket(bind.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bind.AddressFamily == AddressFamily.InterNetworkV6)
            {
                _socket.DualMode = false;
            }

            _socket.ReceiveBufferSize = BufferSize;
            _socket.SendBufferSize = BufferSize;
            _socket.Bind(bind);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = $"webrtc-udp {LocalEndPoint}" };
        _thread.Start();
    }

    public IPEndPoint LocalEndPoint { get; }

    public long SendErrors => Interlocked.Read(ref _sendErrors);

    public long Received => Interlocked.Read(ref _received);

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (SocketException ex)
        {
            if (Interlocked.Increment(ref _sendErrors) % 1000 == 1)
            {
                Log.SendFailed(_logger, LocalEndPoint, ex.SocketErrorCode);
            }
        }
        catch (ObjectDisposedException)
        {
            // closing
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _socket.Dispose();
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(2));
        }
    }

    private void ReceiveLoop()
    {
        var buffer = GC.AllocateUninitializedArray<byte>(65536, pinned: true);
        var remote = new SocketAddress(LocalEndPoint.AddressFamily);
        while (!_disposed)
        {
            int length;
            try
            {
                length = _socket.ReceiveFrom(buffer, SocketFlags.None, remote);
            }
            catch (SocketException ex) when (!_disposed)
            {
                Log.ReceiveFailed(_logger, LocalEndPoint, ex.SocketErrorCode);
                continue;
            }
            catch (Exception) when (_disposed)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }

            Interlocked.Increment(ref _received);
            try
            {
                _demultiplexer.Dispatch(this, buffer.AsSpan(0, length), remote);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a bug in one session's packet handling must not stop the socket for every other session
            catch (Exception ex)
            {
                Log.DispatchFailed(_logger, ex, LocalEndPoint);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.UdpSendFailed, Level = LogLevel.Warning, Message = "UDP send on {LocalEndPoint} failed: {Error}")]
        public static partial void SendFailed(ILogger logger, IPEndPoint localEndPoint, SocketError error);

        [LoggerMessage(EventId = EventIds.UdpReceiveFailed, Level = LogLevel.Debug, Message = "UDP receive on {LocalEndPoint} failed: {Error}")]
        public static partial void ReceiveFailed(ILogger logger, IPEndPoint localEndPoint, SocketError error);

        [LoggerMessage(EventId = EventIds.UdpDispatchFailed, Level = LogLevel.Error, Message = "Handling a datagram on {LocalEndPoint} threw; the packet was dropped")]
        public static partial void DispatchFailed(ILogger logger, Exception exception, IPEndPoint localEndPoint);
    }
}
