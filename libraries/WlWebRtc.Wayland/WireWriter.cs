using System.Buffers.Binary;

namespace WlWebRtc.Wayland;

/// <summary>
/// Appends Wayland requests to a buffer: each is a header (object id; size in the high 16 bits and opcode in the
/// low 16 bits of the second word) followed by 32-bit little-endian arguments, strings and arrays padded to 4 bytes.
/// Several requests may share one buffer so that they reach the compositor in one write.
/// </summary>
internal ref struct WireWriter
{
    public const int MaxMessageSize = 4096;

    private readonly Span<byte> _buffer;
    private int _messageStart;
    private int _position;

    public WireWriter(Span<byte> buffer)
    {
        _buffer = buffer;
        _messageStart = -1;
    }

    /// <summary>The bytes written so far (complete requests only once <see cref="End"/> was called).</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._position];

    public void Begin(uint objectId, ushort opcode)
    {
        if (_messageStart >= 0)
        {
            throw new InvalidOperationException("The previous request was not ended.");
        }

        _messageStart = _position;
        BinaryPrimitives.WriteUInt32LittleEndian(Reserve(8), objectId);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.Slice(_messageStart + 4, 4), opcode);
    }

    public void Uint(uint value) => BinaryPrimitives.WriteUInt32LittleEndian(Reserve(4), value);

    public void Int(int value) => BinaryPrimitives.WriteInt32LittleEndian(Reserve(4), value);

    /// <summary>wl_fixed: a signed 24.8 fixed-point number (saturated to its range).</summary>
    public void Fixed(double value) => Int(ToFixed(value));

    /// <summary>A non-null string: length including the NUL terminator, the UTF-8 bytes, NUL, padding.</summary>
    public void String(string value)
    {
        var length = System.Text.Encoding.UTF8.GetByteCount(value) + 1;
        Uint((uint)length);
        var target = Reserve(Pad(length));
        target.Clear();
        System.Text.Encoding.UTF8.GetBytes(value, target);
    }

    public void End()
    {
        if (_messageStart < 0)
        {
            throw new InvalidOperationException("No request was begun.");
        }

        var size = _position - _messageStart;
        if (size > MaxMessageSize)
        {
            throw new InvalidOperationException($"A Wayland message may be at most {MaxMessageSize} bytes, not {size}.");
        }

        var word = _buffer.Slice(_messageStart + 4, 4);
        var opcode = BinaryPrimitives.ReadUInt32LittleEndian(word);
        BinaryPrimitives.WriteUInt32LittleEndian(word, ((uint)size << 16) | opcode);
        _messageStart = -1;
    }

    public static int ToFixed(double value)
    {
        var scaled = Math.Round(value * 256.0);
        return double.IsNaN(scaled) ? 0 : (int)Math.Clamp(scaled, int.MinValue, int.MaxValue);
    }

    private static int Pad(int length) => (length + 3) & ~3;

    private Span<byte> Reserve(int count)
    {
        if (_position + count > _buffer.Length)
        {
            throw new InvalidOperationException("The request buffer is full.");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
