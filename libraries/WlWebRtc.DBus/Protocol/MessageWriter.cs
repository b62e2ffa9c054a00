using System.Buffers.Binary;
using System.Collections;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;

namespace WlWebRtc.DBus.Protocol;

/// <summary>
/// Marshals values in little-endian D-Bus wire format, driven by a signature. Offsets are relative to the start
/// of the buffer, which must itself be 8-aligned in the message (true for the header and for the body).
/// </summary>
internal sealed class MessageWriter
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private byte[] _buffer;
    private int _length;
    private readonly List<SafeHandle>? _fds;

    public MessageWriter(List<SafeHandle>? fds = null, int initialCapacity = 256)
    {
        _buffer = new byte[initialCapacity];
        _fds = fds;
    }

    public int Length => _length;

    public ReadOnlySpan<byte> WrittenSpan => _buffer.AsSpan(0, _length);

    public void Align(int alignment)
    {
        var padding = (alignment - (_length % alignment)) % alignment;
        Ensure(padding);
        _buffer.AsSpan(_length, padding).Clear();
        _length += padding;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteUInt32(uint value)
    {
        Align(4);
        Ensure(4);
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_length), value);
        _length += 4;
    }

    public void PatchUInt32(int offset, uint value) => BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(offset), value);

    public void WriteRaw(ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    /// <summary>Writes <paramref name="values"/> as the complete types of <paramref name="signature"/>.</summary>
    public void WriteValues(string signature, IReadOnlyList<object> values)
    {
        SignatureParser.Validate(signature);
        var position = 0;
        var index = 0;
        while (position < signature.Length)
        {
            if (index >= values.Count)
            {
                throw new ArgumentException($"The signature '{signature}' needs more than the {values.Count} values given.");
            }

            var end = SignatureParser.SkipCompleteType(signature, position, 0, 0);
            WriteValue(signature.AsSpan(position, end - position), values[index], 0);
            position = end;
            index++;
        }

        if (index != values.Count)
        {
            throw new ArgumentException($"The signature '{signature}' takes {index} values, but {values.Count} were given.");
        }
    }

    /// <summary>Writes one value of the single complete type <paramref name="type"/>.</summary>
    public void WriteValue(ReadOnlySpan<char> type, object value, int depth)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (depth > DBusLimits.MaxTotalDepth)
        {
            throw new ArgumentException($"The value nests containers deeper than {DBusLimits.MaxTotalDepth}.");
        }

        switch (type[0])
        {
            case 'y':
                WriteByte(ToInteger<byte>(value, type));
                break;
            case 'b':
                WriteUInt32(value is bool b ? (b ? 1u : 0u) : throw Mismatch(type, value));
                break;
            case 'n':
                WriteFixed(ToInteger<short>(value, type), 2);
                break;
            case 'q':
                WriteFixed(ToInteger<ushort>(value, type), 2);
                break;
            case 'i':
                WriteFixed(ToInteger<int>(value, type), 4);
                break;
            case 'u':
                WriteUInt32(ToInteger<uint>(value, type));
                break;
            case 'x':
                WriteFixed(ToInteger<long>(value, type), 8);
                break;
            case 't':
                WriteFixed(ToInteger<ulong>(value, type), 8);
                break;
            case 'd':
                WriteFixed(value switch
                {
                    double d => d,
                    float f => f,
                    _ => throw Mismatch(type, value),
                }, 8);
                break;
            case 's':
                WriteString(value as string ?? throw Mismatch(type, value));
                break;
            case 'o':
                WriteString(value switch
                {
                    ObjectPath path => path.Value,
                    string s when Validation.IsValidObjectPath(s) => s,
                    string s => throw new ArgumentException($"'{s}' is not a valid D-Bus object path."),
                    _ => throw Mismatch(type, value),
                });
                break;
            case 'g':
            {
                var signature = value switch
                {
                    DBusSignature s => s.Value,
                    string s => s,
                    _ => throw Mismatch(type, value),
                };
                SignatureParser.Validate(signature);
                WriteSignature(signature);
                break;
            }

            case 'h':
                WriteUnixFd(value as SafeHandle ?? throw Mismatch(type, value));
                break;
            case 'v':
            {
                var variant = value as DBusVariant ?? DBusVariant.From(value);
                WriteSignature(variant.Signature);
                WriteValue(variant.Signature, variant.Value, depth + 1);
                break;
            }

            case 'a':
                WriteArray(type, value, depth);
                break;
            case '(':
                WriteStruct(type, value, depth);
                break;
            default:
                throw new ArgumentException($"Invalid D-Bus type '{type}'.");
        }
    }

    private void WriteArray(ReadOnlySpan<char> type, object value, int depth)
    {
        var element = type[1..];
        WriteUInt32(0);
        var lengthOffset = _length - 4;
        Align(SignatureParser.Alignment(element[0]));
        var start = _length;
        if (element[0] == '{')
        {
            var keyType = element.Slice(1, 1);
            var valueType = element[2..^1];
            foreach (var (key, item) in EnumerateEntries(value, type))
            {
                Align(8);
                WriteValue(keyType, key, depth + 1);
                WriteValue(valueType, item, depth + 1);
            }
        }
        else if (element[0] == 'y' && value is byte[] bytes)
        {
            WriteRaw(bytes);
        }
        else
        {
            if (value is string or not IEnumerable)
            {
                throw Mismatch(type, value);
            }

            foreach (var item in (IEnumerable)value)
            {
                WriteValue(element, item!, depth + 1);
            }
        }

        var length = _length - start;
        if (length > DBusLimits.MaxArrayLength)
        {
            throw new ArgumentException($"An array of {length} bytes exceeds the D-Bus limit of {DBusLimits.MaxArrayLength}.");
        }

        PatchUInt32(lengthOffset, (uint)length);
    }

    private static IEnumerable<(object Key, object Value)> EnumerateEntries(object value, ReadOnlySpan<char> type)
    {
        if (value is IDictionary dictionary)
        {
            var list = new List<(object, object)>(dictionary.Count);
            foreach (DictionaryEntry entry in dictionary)
            {
                list.Add((entry.Key, entry.Value!));
            }

            return list;
        }

        if (value is IEnumerable<KeyValuePair<string, object>> pairs)
        {
            return pairs.Select(p => ((object)p.Key, p.Value));
        }

        if (value is IEnumerable<KeyValuePair<string, DBusVariant>> variants)
        {
            return variants.Select(p => ((object)p.Key, (object)p.Value));
        }

        throw Mismatch(type, value);
    }

    private void WriteStruct(ReadOnlySpan<char> type, object value, int depth)
    {
        IReadOnlyList<object> fields = value switch
        {
            DBusStruct s => s.Fields,
            object[] array => array,
            ITuple tuple => Enumerable.Range(0, tuple.Length).Select(i => tuple[i]!).ToArray(),
            _ => throw Mismatch(type, value),
        };
        Align(8);
        var position = 1;
        var index = 0;
        while (type[position] != ')')
        {
            if (index >= fields.Count)
            {
                throw new ArgumentException($"The struct '{type}' needs more than the {fields.Count} fields given.");
            }

            var end = SignatureParser.SkipCompleteType(type, position, 0, 0);
            WriteValue(type[position..end], fields[index], depth + 1);
            position = end;
            index++;
        }

        if (index != fields.Count)
        {
            throw new ArgumentException($"The struct '{type}' has {index} fields, but {fields.Count} were given.");
        }
    }

    private void WriteFixed<T>(T value, int size)
        where T : unmanaged
    {
        Align(size);
        Ensure(size);
        var span = _buffer.AsSpan(_length, size);
        MemoryMarshal.Write(span, in value);
        if (!BitConverter.IsLittleEndian)
        {
            span.Reverse();
        }

        _length += size;
    }

    private void WriteString(string value)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            throw new ArgumentException("D-Bus strings cannot contain a NUL character.");
        }

        int byteCount;
        try
        {
            byteCount = StrictUtf8.GetByteCount(value);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException("The string is not valid Unicode (lone surrogate) and cannot be sent as UTF-8.", e);
        }

        WriteUInt32((uint)byteCount);
        Ensure(byteCount + 1);
        _length += StrictUtf8.GetBytes(value, _buffer.AsSpan(_length));
        _buffer[_length++] = 0;
    }

    private void WriteSignature(string signature)
    {
        WriteByte((byte)signature.Length);
        Ensure(signature.Length + 1);
        _length += Encoding.ASCII.GetBytes(signature, _buffer.AsSpan(_length));
        _buffer[_length++] = 0;
    }

    private void WriteUnixFd(SafeHandle handle)
    {
        if (_fds is null)
        {
            throw new ArgumentException("This message cannot carry unix file descriptors.");
        }

        if (handle.IsInvalid || handle.IsClosed)
        {
            throw new ArgumentException("The file descriptor handle is closed or invalid.");
        }

        var index = _fds.IndexOf(handle);
        if (index < 0)
        {
            index = _fds.Count;
            _fds.Add(handle);
        }

        WriteUInt32((uint)index);
    }

    private static T ToInteger<T>(object value, ReadOnlySpan<char> type)
        where T : struct, System.Numerics.INumber<T>
    {
        try
        {
            return value switch
            {
                T same => same,
                byte v => T.CreateChecked(v),
                sbyte v => T.CreateChecked(v),
                short v => T.CreateChecked(v),
                ushort v => T.CreateChecked(v),
                int v => T.CreateChecked(v),
                uint v => T.CreateChecked(v),
                long v => T.CreateChecked(v),
                ulong v => T.CreateChecked(v),
                Enum e => T.CreateChecked(System.Convert.ToInt64(e, System.Globalization.CultureInfo.InvariantCulture)),
                _ => throw Mismatch(type, value),
            };
        }
        catch (OverflowException e)
        {
            throw new ArgumentException($"The value {value} does not fit in the D-Bus type '{type}'.", e);
        }
    }

    private static ArgumentException Mismatch(ReadOnlySpan<char> type, object value) =>
        new($"A value of CLR type {value.GetType().Name} cannot be written as the D-Bus type '{type}'.");

    private void Ensure(int extra)
    {
        var needed = (long)_length + extra;
        if (needed > DBusLimits.MaxMessageSize)
        {
            throw new ArgumentException($"The message would exceed the D-Bus limit of {DBusLimits.MaxMessageSize} bytes.");
        }

        if (needed > _buffer.Length)
        {
            Array.Resize(ref _buffer, (int)Math.Min(DBusLimits.MaxMessageSize, Math.Max(needed, _buffer.Length * 2L)));
        }
    }
}
