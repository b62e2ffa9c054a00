using System.Buffers.Binary;

namespace WlWebRtc.Wayland;

/// <summary>Reads the arguments of one event body; throws <see cref="WaylandProtocolException"/> on a short or malformed body.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> body)
{
    private readonly ReadOnlySpan<byte> _body = body;
    private int _position;

    public uint Uint() => BinaryPrimitives.ReadUInt32LittleEndian(Take(4));

    public int Int() => BinaryPrimitives.ReadInt32LittleEndian(Take(4));

    /// <summary>A string argument; null for a null string (length 0).</summary>
    public string? String()
    {
        var length = (int)Math.Min(Uint(), int.MaxValue);
        if (length == 0)
        {
            return null;
        }

        var bytes = Take((length + 3) & ~3);
        if (bytes[length - 1] != 0)
        {
            throw new WaylandProtocolException("A Wayland string argument is not NUL-terminated.");
        }

        return System.Text.Encoding.UTF8.GetString(bytes[..(length - 1)]);
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || _position + count > _body.Length)
        {
            throw new WaylandProtocolException($"A Wayland event body ends early ({_body.Length} bytes).");
        }

        var span = _body.Slice(_position, count);
        _position += count;
        return span;
    }
}
