using System.Buffers.Binary;
using System.Text;

namespace WlWebRtc.DBus.Protocol;

/// <summary>
/// Unmarshals values of either endianness, validating alignment padding, lengths, strings, signatures and
/// nesting depth. Every defect is a <see cref="DBusProtocolException"/>; nothing is allocated beyond what
/// the bytes at hand can describe.
/// </summary>
internal ref struct ValueReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly ReadOnlySpan<byte> _data;
    private readonly bool _bigEndian;
    private readonly IReadOnlyList<UnixFdHandle>? _fds;
    private int _position;

    /// <param name="data">Bytes whose offset 0 is 8-aligned in the message.</param>
    public ValueReader(ReadOnlySpan<byte> data, bool bigEndian, IReadOnlyList<UnixFdHandle>? fds, int position = 0)
    {
        _data = data;
        _bigEndian = bigEndian;
        _fds = fds;
        _position = position;
    }

    public readonly int Position => _position;

    public readonly int Remaining => _data.Length - _position;

    public IReadOnlyList<object> ReadValues(string signature)
    {
        SignatureParser.Validate(signature);
        var values = new List<object>();
        var position = 0;
        while (position < signature.Length)
        {
            var end = SignatureParser.SkipCompleteType(signature, position, 0, 0);
            values.Add(ReadValue(signature.AsSpan(position, end - position), default));
            position = end;
        }

        return values;
    }

    public void Align(int alignment)
    {
        var padding = (alignment - (_position % alignment)) % alignment;
        if (padding > Remaining)
        {
            throw Truncated();
        }

        foreach (var b in _data.Slice(_position, padding))
        {
            if (b != 0)
            {
                throw new DBusProtocolException($"Non-zero alignment padding at offset {_position}.");
            }
        }

        _position += padding;
    }

    public byte ReadByte()
    {
        if (Remaining < 1)
        {
            throw Truncated();
        }

        return _data[_position++];
    }

    public uint ReadUInt32()
    {
        Align(4);
        var span = Take(4);
        return _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
    }

    public object ReadValue(ReadOnlySpan<char> type, Depth depth)
    {
        switch (type[0])
        {
            case 'y':
                return ReadByte();
            case 'b':
                return ReadUInt32() switch
                {
                    0 => false,
                    1 => true,
                    var other => throw new DBusProtocolException($"A boolean holds {other}; only 0 and 1 are valid."),
                };
            case 'n':
                return ReadInt16();
            case 'q':
                return (ushort)ReadInt16();
            case 'i':
                return (int)ReadUInt32();
            case 'u':
                return ReadUInt32();
            case 'x':
                return ReadInt64();
            case 't':
                return (ulong)ReadInt64();
            case 'd':
                return BitConverter.Int64BitsToDouble(ReadInt64());
            case 's':
                return ReadString();
            case 'o':
            {
                var path = ReadString();
                if (!Validation.IsValidObjectPath(path))
                {
                    throw new DBusProtocolException($"'{path}' is not a valid object path.");
                }

                return new ObjectPath(path);
            }

            case 'g':
                return new DBusSignature(ReadSignature());
            case 'h':
                return ReadUnixFd();
            case 'v':
                return ReadVariant(depth);
            case 'a':
                return ReadArray(type, depth);
            case '(':
                return ReadStruct(type, depth);
            default:
                throw new DBusProtocolException($"Invalid type code '{type[0]}'.");
        }
    }

    public string ReadSignature()
    {
        var length = ReadByte();
        var span = Take(length + 1);
        if (span[length] != 0)
        {
            throw new DBusProtocolException("A signature is not NUL-terminated.");
        }

        foreach (var c in span[..length])
        {
            if (c is 0 or > 127)
            {
                throw new DBusProtocolException("A signature holds a non-ASCII or NUL byte.");
            }
        }

        var chars = Encoding.ASCII.GetString(span[..length]);
        try
        {
            SignatureParser.Validate(chars);
        }
        catch (DBusProtocolException e)
        {
            throw new DBusProtocolException($"Invalid signature in message: {e.Message}", e);
        }

        return chars;
    }

    public string ReadString()
    {
        var length = ReadUInt32();
        if (length >= (uint)Remaining)
        {
            throw Truncated();
        }

        var span = Take((int)length + 1);
        if (span[(int)length] != 0)
        {
            throw new DBusProtocolException("A string is not NUL-terminated.");
        }

        var bytes = span[..(int)length];
        if (bytes.Contains((byte)0))
        {
            throw new DBusProtocolException("A string contains a NUL byte.");
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            throw new DBusProtocolException("A string is not valid UTF-8.", e);
        }
    }

    private short ReadInt16()
    {
        Align(2);
        var span = Take(2);
        return _bigEndian ? BinaryPrimitives.ReadInt16BigEndian(span) : BinaryPrimitives.ReadInt16LittleEndian(span);
    }

    private long ReadInt64()
    {
        Align(8);
        var span = Take(8);
        return _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(span) : BinaryPrimitives.ReadInt64LittleEndian(span);
    }

    private UnixFdHandle ReadUnixFd()
    {
        var index = ReadUInt32();
        if (_fds is null || index >= (uint)_fds.Count)
        {
            throw new DBusProtocolException($"A unix fd index {index} refers past the {_fds?.Count ?? 0} descriptors received with the message.");
        }

        return _fds[(int)index];
    }

    private DBusVariant ReadVariant(Depth depth)
    {
        depth = depth.Enter(variant: true);
        var signature = ReadSignature();
        if (signature.Length == 0 || SignatureParser.SkipCompleteType(signature, 0, 0, 0) != signature.Length)
        {
            throw new DBusProtocolException($"A variant's signature '{signature}' is not a single complete type.");
        }

        // The variant's own content counts towards the message's nesting limits.
        var value = ReadValue(signature, depth);
        return new DBusVariant(signature, value);
    }

    private object ReadArray(ReadOnlySpan<char> type, Depth depth)
    {
        depth = depth.Enter(array: true);
        var length = ReadUInt32();
        if (length > DBusLimits.MaxArrayLength)
        {
            throw new DBusProtocolException($"An array claims {length} bytes; the limit is {DBusLimits.MaxArrayLength}.");
        }

        var element = type[1..];
        Align(SignatureParser.Alignment(element[0]));
        if (length > (uint)Remaining)
        {
            throw Truncated();
        }

        var end = _position + (int)length;
        switch (element[0])
        {
            case 'y':
                return Take((int)length).ToArray();
            case '{':
                return ReadDictionary(element, end, depth);
            case 'b' or 'n' or 'q' or 'i' or 'u' or 'x' or 't' or 'd':
                return ReadFixedArray(element, end, depth);
            default:
            {
                var items = new List<object>();
                while (_position < end)
                {
                    items.Add(ReadValue(element, depth));
                }

                CheckArrayEnd(end);
                return items.ToArray();
            }
        }
    }

    private Array ReadFixedArray(ReadOnlySpan<char> element, int end, Depth depth)
    {
        var size = SignatureParser.Alignment(element[0]);
        if ((end - _position) % size != 0)
        {
            throw new DBusProtocolException($"An array of '{element}' has a length that is not a multiple of {size}.");
        }

        var count = (end - _position) / size;
        Array result = element[0] switch
        {
            'b' => new bool[count],
            'n' => new short[count],
            'q' => new ushort[count],
            'i' => new int[count],
            'u' => new uint[count],
            'x' => new long[count],
            't' => new ulong[count],
            _ => new double[count],
        };
        for (var i = 0; i < count; i++)
        {
            result.SetValue(ReadValue(element, depth), i);
        }

        CheckArrayEnd(end);
        return result;
    }

    private Dictionary<object, object> ReadDictionary(ReadOnlySpan<char> entryType, int end, Depth depth)
    {
        var entryDepth = depth.Enter(structure: true);
        var keyType = entryType.Slice(1, 1);
        var valueType = entryType[2..^1];
        var result = new Dictionary<object, object>();
        while (_position < end)
        {
            Align(8);
            var key = ReadValue(keyType, entryDepth);
            var value = ReadValue(valueType, entryDepth);
            result[key] = value;
        }

        CheckArrayEnd(end);
        return result;
    }

    private DBusStruct ReadStruct(ReadOnlySpan<char> type, Depth depth)
    {
        depth = depth.Enter(structure: true);
        Align(8);
        var fields = new List<object>();
        var position = 1;
        while (type[position] != ')')
        {
            var end = SignatureParser.SkipCompleteType(type, position, 0, 0);
            fields.Add(ReadValue(type[position..end], depth));
            position = end;
        }

        return new DBusStruct(fields.ToArray());
    }

    private readonly void CheckArrayEnd(int end)
    {
        if (_position != end)
        {
            throw new DBusProtocolException($"An array's elements end at offset {_position}, not at its declared end {end}.");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw Truncated();
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private readonly DBusProtocolException Truncated() =>
        new($"The message is truncated or a length runs past its end (offset {_position} of {_data.Length}).");

    /// <summary>Nesting counters: arrays and structs up to 32 each, everything including variants up to 64.</summary>
    internal readonly record struct Depth(int Arrays, int Structs, int Total)
    {
        public Depth Enter(bool array = false, bool structure = false, bool variant = false)
        {
            var next = new Depth(Arrays + (array ? 1 : 0), Structs + (structure ? 1 : 0), Total + 1);
            if (next.Arrays > DBusLimits.MaxArrayDepth || next.Structs > DBusLimits.MaxStructDepth || next.Total > DBusLimits.MaxTotalDepth)
            {
                throw new DBusProtocolException(
                    $"The message nests containers too deeply (arrays {next.Arrays}/{DBusLimits.MaxArrayDepth}, structs {next.Structs}/{DBusLimits.MaxStructDepth}, total {next.Total}/{DBusLimits.MaxTotalDepth}).");
            }

            _ = variant;
            return next;
        }
    }
}
