using System.Buffers;
using System.Net.WebSockets;
using WlWebRtc.Signaling.WebSocket.Session;

namespace WlWebRtc.Signaling.WebSocket.Endpoints;

/// <summary>
/// A <see cref="ISignalingChannel"/> over a server WebSocket. Messages over the limit are read to their end and
/// discarded (reported as <see cref="ChannelMessageKind.TooLarge"/>); one far over it closes the socket with 1009.
/// </summary>
internal sealed class WebSocketChannel(System.Net.WebSockets.WebSocket socket, int maxMessageBytes) : ISignalingChannel, IDisposable
{
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly byte[] _buffer = new byte[maxMessageBytes];

    /// <summary>Past this many bytes a message is not drained any more: the socket is closed.</summary>
    private long DrainLimit => Math.Max(16L * maxMessageBytes, 1024 * 1024);

    public async ValueTask<ChannelMessage> ReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0L;
        var kind = ChannelMessageKind.Text;
        var scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (true)
            {
                // Once the buffer is full, the rest of an oversized message is drained into scratch space.
                var target = length < maxMessageBytes ? _buffer.AsMemory((int)length) : scratch.AsMemory();
                ValueWebSocketReceiveResult result;
                try
                {
                    result = await socket.ReceiveAsync(target, cancellationToken).ConfigureAwait(false);
                }
                catch (WebSocketException)
                {
                    return ChannelMessage.Closed;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // aborted from the server side: the keep-alive saw no pong, or the socket was disposed
                    return ChannelMessage.Closed;
                }
                catch (ObjectDisposedException)
                {
                    return ChannelMessage.Closed;
                }

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    await CloseAsync(CloseCodes.Normal, "bye", cancellationToken).ConfigureAwait(false);
                    return ChannelMessage.Closed;
                }

                if (result.MessageType == WebSocketMessageType.Binary)
                {
                    kind = ChannelMessageKind.Binary;
                }

                length += result.Count;
                if (length > DrainLimit)
                {
                    await CloseAsync(CloseCodes.MessageTooBig, "message too big", cancellationToken).ConfigureAwait(false);
                    return ChannelMessage.Closed;
                }

                if (result.EndOfMessage)
                {
                    break;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        if (length > maxMessageBytes)
        {
            return new ChannelMessage(ChannelMessageKind.TooLarge, ReadOnlyMemory<byte>.Empty, length);
        }

        return new ChannelMessage(kind, _buffer.AsMemory(0, (int)length), length);
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.SendAsync(utf8, WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
            // the peer is gone; the receive loop ends the session
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public async ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)code, reason, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (WebSocketException)
        {
        }
        finally
        {
            _sendLock.Release();
        }
    }

    public void Dispose() => _sendLock.Dispose();
}
