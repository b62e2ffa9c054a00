using System.Buffers.Binary;

namespace WlWebRtc.Portal.Spa;

/// <summary>Bounds-checked reading of SPA pods; every method returns false on malformed input, never throws.</summary>
internal static class PodReader
{
    public static bool TryReadPod(ReadOnlySpan<byte> data, out uint type, out ReadOnlySpan<byte> body)
    {
        type = 0;
        body = default;
        if (data.Length < 8)
        {
            return false;
        }

        var size = BinaryPrimitives.ReadUInt32LittleEndian(data);
        type = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (size > (uint)(data.Length - 8))
        {
            return false;
        }

        body = data.Slice(8, (int)size);
        return true;
    }

    /// <summary>Reads one object property {key, flags, pod} and advances past its padding.</summary>
    public static bool TryReadProperty(ref ReadOnlySpan<byte> properties, out uint key, out uint valueType, out ReadOnlySpan<byte> value)
    {
        key = 0;
        valueType = 0;
        value = default;
        if (properties.Length < 16)
        {
            return false;
        }

        key = BinaryPrimitives.ReadUInt32LittleEndian(properties);
        if (!TryReadPod(properties[8..], out valueType, out value))
        {
            return false;
        }

        var consumed = 16L + ((value.Length + 7L) & ~7L);
        properties = consumed >= properties.Length ? [] : properties[(int)consumed..];
        return true;
    }

    /// <summary>An Id/Int value, or the default of a choice of them (flagging that it was a choice).</summary>
    public static bool TryReadUInt32(uint type, ReadOnlySpan<byte> body, uint expected, out uint? value, out bool wasChoice)
    {
        value = null;
        if (!TryUnwrap(type, body, expected, 4, out var element, out wasChoice))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(element);
        return true;
    }

    public static bool TryReadUInt64(uint type, ReadOnlySpan<byte> body, uint expected, out ulong? value, out bool wasChoice)
    {
        value = null;
        if (!TryUnwrap(type, body, expected, 8, out var element, out wasChoice))
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(element);
        return true;
    }

    /// <summary>A Rectangle or Fraction (two u32), or the default of a choice of them.</summary>
    public static bool TryReadPair(uint type, ReadOnlySpan<byte> body, uint expected, out (uint, uint)? value)
    {
        value = null;
        if (!TryUnwrap(type, body, expected, 8, out var element, out _))
        {
            return false;
        }

        value = (BinaryPrimitives.ReadUInt32LittleEndian(element), BinaryPrimitives.ReadUInt32LittleEndian(element[4..]));
        return true;
    }

    /// <summary>The first element of a plain value or of a Choice (its default).</summary>
    private static bool TryUnwrap(uint type, ReadOnlySpan<byte> body, uint expected, int elementSize, out ReadOnlySpan<byte> element, out bool wasChoice)
    {
        element = default;
        wasChoice = false;
        if (type == expected)
        {
            if (body.Length < elementSize)
            {
                return false;
            }

            element = body[..elementSize];
            return true;
        }

        if (type != SpaConstants.TypeChoice || body.Length < 16)
        {
            return false;
        }

        var choiceType = BinaryPrimitives.ReadUInt32LittleEndian(body);
        var childSize = BinaryPrimitives.ReadUInt32LittleEndian(body[8..]);
        var childType = BinaryPrimitives.ReadUInt32LittleEndian(body[12..]);
        if (childType != expected || childSize != elementSize || body.Length < 16 + elementSize)
        {
            return false;
        }

        // a None choice is a fixed value; any other with more than the default is still open
        wasChoice = choiceType != SpaConstants.ChoiceNone && body.Length >= 16 + (2 * elementSize);
        element = body.Slice(16, elementSize);
        return true;
    }
}
