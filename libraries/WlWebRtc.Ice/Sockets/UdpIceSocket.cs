using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WlWebRtc.Ice.Sockets;

/// <summary>A UDP socket bound to one local address, with a receive loop that raises <see cref="DatagramReceived"/>.</summary>
public sealed partial class UdpIceSocket : IIceSocket, IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _receiveLoop;

    public UdpIceSocket(IPEndPoint bindTo, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(bindTo);
        _logger = logger ?? NullLogger.Instance;
        _socket = new Socket(bindTo.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            _socket.Bind(bindTo);
        }
        catch
        {
            _socket.Dispose();
            throw;
        }

        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        _receiveLoop = ReceiveLoopAsync();
    }

    public IPEndPoint LocalEndPoint { get; }

    public event IceDatagramHandler? DatagramReceived;

    public void Send(ReadOnlySpan<byte> datagram, IPEndPoint remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (SocketException)
        {
            // Unreachable destinations are a lost datagram to ICE: its checks time out and fail the pair.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _receiveLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        await Task.Yield();
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(LocalEndPoint.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset)
            {
                continue; // ICMP from an earlier send
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                Log.ReceiveFailed(_logger, LocalEndPoint, e.Message);
                return;
            }

            try
            {
                DatagramReceived?.Invoke(this, (IPEndPoint)result.RemoteEndPoint, buffer.AsSpan(0, result.ReceivedBytes));
            }
            catch (Exception e)
            {
                // Catch-all on purpose (see CONTRIBUTING.md, containment): a handler's bug must not stop this socket's receive loop.
                Log.HandlerFailed(_logger, LocalEndPoint, e);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.SocketReceiveFailed, Level = LogLevel.Warning, Message = "UDP socket {Local} stopped receiving: {Reason}")]
        public static partial void ReceiveFailed(ILogger logger, IPEndPoint local, string reason);

        [LoggerMessage(EventId = EventIds.SocketHandlerFailed, Level = LogLevel.Error, Message = "A datagram handler on {Local} threw")]
        public static partial void HandlerFailed(ILogger logger, IPEndPoint local, Exception exception);
    }
}
