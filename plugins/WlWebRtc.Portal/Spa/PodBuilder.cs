using System.Buffers.Binary;

namespace WlWebRtc.Portal.Spa;

/// <summary>
/// Writes SPA pods (spa/pod/builder.h is header-only inline C): each pod is a header {u32 size, u32 type}
/// and a body padded to 8 bytes; objects hold properties {u32 key, u32 flags, pod}; choices hold
/// {u32 choice type, u32 flags, child pod header} followed by unpadded child bodies.
/// </summary>
internal sealed class PodBuilder
{
    private byte[] _buffer = new byte[512];
    private int _length;

    public int Length => _length;

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    public int BeginObject(uint objectType, uint id)
    {
        var start = Header(0, SpaConstants.TypeObject);
        WriteUInt32(objectType);
        WriteUInt32(id);
        return start;
    }

    /// <summary>Closes an object (or choice) begun at <paramref name="start"/>: writes its body size.</summary>
    public void End(int start)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(start), (uint)(_length - start - 8));
        Pad();
    }

    public void Property(uint key, uint flags = 0)
    {
        WriteUInt32(key);
        WriteUInt32(flags);
    }

    public void Id(uint value) => Primitive(SpaConstants.TypeId, value);

    public void Int(int value) => Primitive(SpaConstants.TypeInt, (uint)value);

    public void Long(long value)
    {
        Header(8, SpaConstants.TypeLong);
        WriteUInt64((ulong)value);
    }

    public void Rectangle(uint width, uint height)
    {
        Header(8, SpaConstants.TypeRectangle);
        WriteUInt32(width);
        WriteUInt32(height);
    }

    public void Fraction(uint numerator, uint denominator)
    {
        Header(8, SpaConstants.TypeFraction);
        WriteUInt32(numerator);
        WriteUInt32(denominator);
    }

    /// <summary>An enum of ids: the default first, then every allowed value (SPA lists the default again).</summary>
    public void ChoiceId(uint choiceType, uint defaultValue, ReadOnlySpan<uint> values)
    {
        var start = BeginChoice(choiceType, 4, SpaConstants.TypeId);
        WriteUInt32(defaultValue);
        foreach (var value in values)
        {
            WriteUInt32(value);
        }

        End(start);
    }

    public void ChoiceInt(uint choiceType, int defaultValue, ReadOnlySpan<int> values)
    {
        var start = BeginChoice(choiceType, 4, SpaConstants.TypeInt);
        WriteUInt32((uint)defaultValue);
        foreach (var value in values)
        {
            WriteUInt32((uint)value);
        }

        End(start);
    }

    public void ChoiceLong(uint choiceType, long defaultValue, ReadOnlySpan<long> values)
    {
        var start = BeginChoice(choiceType, 8, SpaConstants.TypeLong);
        WriteUInt64((ulong)defaultValue);
        foreach (var value in values)
        {
            WriteUInt64((ulong)value);
        }

        End(start);
    }

    /// <summary>A range of rectangles or fractions: default, minimum, maximum (pairs of u32).</summary>
    public void ChoiceRangePairs(uint childType, (uint A, uint B) defaultValue, (uint A, uint B) minimum, (uint A, uint B) maximum)
    {
        var start = BeginChoice(SpaConstants.ChoiceRange, 8, childType);
        foreach (var (a, b) in new[] { defaultValue, minimum, maximum })
        {
            WriteUInt32(a);
            WriteUInt32(b);
        }

        End(start);
    }

    private int BeginChoice(uint choiceType, uint childSize, uint childType)
    {
        var start = Header(0, SpaConstants.TypeChoice);
        WriteUInt32(choiceType);
        WriteUInt32(0);
        WriteUInt32(childSize);
        WriteUInt32(childType);
        return start;
    }

    private void Primitive(uint type, uint value)
    {
        Header(4, type);
        WriteUInt32(value);
        Pad();
    }

    private int Header(uint size, uint type)
    {
        var start = _length;
        WriteUInt32(size);
        WriteUInt32(type);
        return start;
    }

    private void Pad()
    {
        while ((_length & 7) != 0)
        {
            Ensure(1);
            _buffer[_length++] = 0;
        }
    }

    private void WriteUInt32(uint value)
    {
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    private void WriteUInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    private void Ensure(int more)
    {
        if (_length + more > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + more));
        }
    }
}
