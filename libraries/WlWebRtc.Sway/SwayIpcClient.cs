using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text;

namespace WlWebRtc.Sway;

/// <summary>
/// One request and its reply over sway's IPC socket: the i3-ipc framing, "i3-ipc" then the payload length and the
/// message type as 32-bit integers in the machine's byte order, then the JSON payload. A connection per request:
/// requests are rare (a mode change at most every half second), and a compositor restart never leaves a dead one.
/// </summary>
internal static class SwayIpcClient
{
    public const uint RunCommand = 0;
    public const uint GetOutputs = 3;

    /// <summary>The largest reply read (an output list with every mode of many monitors stays far below).</summary>
    public const int MaxReplyBytes = 4 << 20;

    private static ReadOnlySpan<byte> Magic => "i3-ipc"u8;

    public static async Task<byte[]> RequestAsync(string socketPath, uint type, string payload, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timer.Token).ConfigureAwait(false);
            await socket.SendAsync(Frame(type, payload), SocketFlags.None, timer.Token).ConfigureAwait(false);
            var header = new byte[14];
            await ReceiveExactlyAsync(socket, header, timer.Token).ConfigureAwait(false);
            var (length, replyType) = ReadHeader(header);
            if (replyType != type)
            {
                throw new SwayIpcException($"sway answered message type {type} with type {replyType}.");
            }

            var body = new byte[length];
            await ReceiveExactlyAsync(socket, body, timer.Token).ConfigureAwait(false);
            return body;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SwayIpcException($"sway did not answer within {timeout.TotalSeconds} s on {socketPath}.");
        }
        catch (SocketException ex)
        {
            throw new SwayIpcException($"sway's IPC socket {socketPath} failed: {ex.Message}", ex);
        }
    }

    /// <summary>A request: the magic, the payload length and type (machine byte order), the payload.</summary>
    public static byte[] Frame(uint type, string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        var frame = new byte[14 + body.Length];
        Magic.CopyTo(frame);
        WriteUInt32(frame.AsSpan(6), (uint)body.Length);
        WriteUInt32(frame.AsSpan(10), type);
        body.CopyTo(frame.AsSpan(14));
        return frame;
    }

    /// <summary>The payload length and type of a reply header; throws on a wrong magic or an oversized payload.</summary>
    public static (int Length, uint Type) ReadHeader(ReadOnlySpan<byte> header)
    {
        if (header.Length < 14 || !header[..6].SequenceEqual(Magic))
        {
            throw new SwayIpcException("sway's reply does not start with the i3-ipc magic.");
        }

        var length = ReadUInt32(header[6..]);
        if (length > MaxReplyBytes)
        {
            throw new SwayIpcException($"sway's reply of {length} bytes is larger than {MaxReplyBytes}.");
        }

        return ((int)length, ReadUInt32(header[10..]));
    }

    private static void WriteUInt32(Span<byte> destination, uint value)
    {
        if (BitConverter.IsLittleEndian)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination, value);
        }
        else
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination, value);
        }
    }

    private static uint ReadUInt32(ReadOnlySpan<byte> source) =>
        BitConverter.IsLittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(source) : BinaryPrimitives.ReadUInt32BigEndian(source);

    private static async Task ReceiveExactlyAsync(Socket socket, Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (buffer.Length > 0)
        {
            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new SwayIpcException("sway closed its IPC connection mid-reply.");
            }

            buffer = buffer[read..];
        }
    }
}
