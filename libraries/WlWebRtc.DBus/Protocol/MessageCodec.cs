using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace WlWebRtc.DBus.Protocol;

/// <summary>Encodes and decodes whole messages (spec "Message Format").</summary>
internal static class MessageCodec
{
    public const int FixedHeaderSize = 16;

    private const byte ProtocolVersion = 1;

    private enum Field : byte
    {
        Path = 1,
        Interface = 2,
        Member = 3,
        ErrorName = 4,
        ReplySerial = 5,
        Destination = 6,
        Sender = 7,
        Signature = 8,
        UnixFds = 9,
    }

    /// <summary>Encodes <paramref name="message"/> (little-endian) with serial <paramref name="serial"/>; handles for 'h' values are appended to <paramref name="fds"/>.</summary>
    public static byte[] Encode(DBusMessage message, uint serial, List<SafeHandle> fds)
    {
        ValidateOutgoing(message);
        var body = new MessageWriter(fds);
        body.WriteValues(message.Signature, message.Body);
        if (fds.Count > DBusLimits.MaxUnixFds)
        {
            throw new ArgumentException($"A message can carry at most {DBusLimits.MaxUnixFds} file descriptors.");
        }

        var header = new MessageWriter(initialCapacity: 128 + body.Length);
        header.WriteByte((byte)'l');
        header.WriteByte((byte)message.Type);
        header.WriteByte((byte)message.Flags);
        header.WriteByte(ProtocolVersion);
        header.WriteUInt32((uint)body.Length);
        header.WriteUInt32(serial);
        header.WriteUInt32(0);
        var fieldsStart = header.Length;
        WriteField(header, Field.Path, "o", message.Path is null ? null : new ObjectPath(message.Path));
        WriteField(header, Field.Interface, "s", message.Interface);
        WriteField(header, Field.Member, "s", message.Member);
        WriteField(header, Field.ErrorName, "s", message.ErrorName);
        WriteField(header, Field.ReplySerial, "u", message.ReplySerial);
        WriteField(header, Field.Destination, "s", message.Destination);
        WriteField(header, Field.Sender, "s", message.Sender);
        WriteField(header, Field.Signature, "g", message.Signature.Length > 0 ? new DBusSignature(message.Signature) : null);
        WriteField(header, Field.UnixFds, "u", fds.Count > 0 ? (uint)fds.Count : null);
        header.PatchUInt32(12, (uint)(header.Length - fieldsStart));
        header.Align(8);
        header.WriteRaw(body.WrittenSpan);
        return header.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The total size of the message whose first 16 bytes are <paramref name="fixedHeader"/>, validated against
    /// the 128 MiB limit (and <paramref name="maxMessageSize"/>) before anything is allocated for it.
    /// </summary>
    public static int GetMessageLength(ReadOnlySpan<byte> fixedHeader, int maxMessageSize)
    {
        if (fixedHeader.Length < FixedHeaderSize)
        {
            throw new DBusProtocolException($"A message of {fixedHeader.Length} bytes is shorter than the 16-byte fixed header.");
        }

        var bigEndian = fixedHeader[0] switch
        {
            (byte)'l' => false,
            (byte)'B' => true,
            var other => throw new DBusProtocolException($"Invalid endianness marker 0x{other:x2} in message header."),
        };
        if (fixedHeader[3] != ProtocolVersion)
        {
            throw new DBusProtocolException($"Unsupported D-Bus protocol version {fixedHeader[3]}.");
        }

        var bodyLength = Read32(fixedHeader[4..], bigEndian);
        var fieldsLength = Read32(fixedHeader[12..], bigEndian);
        var fieldsEnd = (ulong)FixedHeaderSize + fieldsLength;
        var total = ((fieldsEnd + 7) & ~7UL) + bodyLength;
        var limit = (ulong)Math.Min(maxMessageSize, DBusLimits.MaxMessageSize);
        if (fieldsLength > DBusLimits.MaxArrayLength || total > limit)
        {
            throw new DBusProtocolException($"A message of {total} bytes exceeds the limit of {limit} bytes.");
        }

        return (int)total;
    }

    /// <summary>Decodes one complete message; <paramref name="fds"/> are the descriptors that arrived with it.</summary>
    public static DBusMessage Decode(ReadOnlySpan<byte> data, IReadOnlyList<UnixFdHandle> fds, int maxMessageSize = DBusLimits.MaxMessageSize)
    {
        if (data.Length < FixedHeaderSize)
        {
            throw new DBusProtocolException($"A message of {data.Length} bytes is shorter than the 16-byte fixed header.");
        }

        var length = GetMessageLength(data, maxMessageSize);
        if (length != data.Length)
        {
            throw new DBusProtocolException($"The message header announces {length} bytes, but {data.Length} were given.");
        }

        var bigEndian = data[0] == (byte)'B';
        var type = (DBusMessageType)data[1];
        var flags = (DBusMessageFlags)data[2];
        var bodyLength = (int)Read32(data[4..], bigEndian);
        var serial = Read32(data[8..], bigEndian);
        if (serial == 0)
        {
            throw new DBusProtocolException("A message has serial 0.");
        }

        var reader = new ValueReader(data, bigEndian, null, 12);
        var fields = reader.ReadValue("a(yv)", default);
        reader.Align(8);
        var bodyStart = reader.Position;
        if (bodyStart + bodyLength != data.Length)
        {
            throw new DBusProtocolException("The header fields and body lengths do not add up to the message length.");
        }

        string? path = null, @interface = null, member = null, errorName = null, destination = null, sender = null;
        var signature = string.Empty;
        uint? replySerial = null;
        uint fdCount = 0;
        foreach (var item in (object[])fields)
        {
            var entry = (DBusStruct)item;
            var code = (Field)(byte)entry[0];
            var variant = (DBusVariant)entry[1];
            switch (code)
            {
                case Field.Path:
                    path = Expect<ObjectPath>(variant, "o", code).Value;
                    break;
                case Field.Interface:
                    @interface = ExpectName(variant, code, static name => Validation.IsValidInterfaceName(name));
                    break;
                case Field.Member:
                    member = ExpectName(variant, code, static name => Validation.IsValidMemberName(name));
                    break;
                case Field.ErrorName:
                    errorName = ExpectName(variant, code, static name => Validation.IsValidInterfaceName(name));
                    break;
                case Field.ReplySerial:
                    replySerial = Expect<uint>(variant, "u", code);
                    if (replySerial == 0)
                    {
                        throw new DBusProtocolException("A message has reply serial 0.");
                    }

                    break;
                case Field.Destination:
                    destination = ExpectName(variant, code, static name => Validation.IsValidBusName(name));
                    break;
                case Field.Sender:
                    sender = ExpectName(variant, code, static name => Validation.IsValidBusName(name));
                    break;
                case Field.Signature:
                    signature = Expect<DBusSignature>(variant, "g", code).Value;
                    break;
                case Field.UnixFds:
                    fdCount = Expect<uint>(variant, "u", code);
                    break;
                default:
                    break; // Unknown fields must be ignored.
            }
        }

        switch (type)
        {
            case DBusMessageType.MethodCall when path is null || member is null:
                throw new DBusProtocolException("A method call lacks its PATH or MEMBER header field.");
            case DBusMessageType.MethodReturn when replySerial is null:
                throw new DBusProtocolException("A method return lacks its REPLY_SERIAL header field.");
            case DBusMessageType.Error when replySerial is null || errorName is null:
                throw new DBusProtocolException("An error lacks its REPLY_SERIAL or ERROR_NAME header field.");
            case DBusMessageType.Signal when path is null || @interface is null || member is null:
                throw new DBusProtocolException("A signal lacks its PATH, INTERFACE or MEMBER header field.");
            case DBusMessageType.MethodCall or DBusMessageType.MethodReturn or DBusMessageType.Error or DBusMessageType.Signal:
                break;
            default:
                throw new DBusProtocolException($"Unknown message type {(byte)type}.");
        }

        if (fdCount != fds.Count)
        {
            throw new DBusProtocolException($"The message announces {fdCount} unix fds but {fds.Count} arrived with it.");
        }

        if (bodyLength > 0 && signature.Length == 0)
        {
            throw new DBusProtocolException("A message has a body but no signature.");
        }

        var bodyReader = new ValueReader(data[bodyStart..], bigEndian, fds);
        var body = bodyReader.ReadValues(signature);
        if (bodyReader.Remaining != 0)
        {
            throw new DBusProtocolException($"The body has {bodyReader.Remaining} bytes left over after its signature '{signature}'.");
        }

        return new DBusMessage
        {
            Type = type,
            Flags = flags,
            Serial = serial,
            ReplySerial = replySerial,
            Path = path,
            Interface = @interface,
            Member = member,
            ErrorName = errorName,
            Destination = destination,
            Sender = sender,
            Signature = signature,
            Body = body,
            UnixFds = fds,
            BigEndian = bigEndian,
        };
    }

    private static void WriteField(MessageWriter writer, Field code, string signature, object? value)
    {
        if (value is null)
        {
            return;
        }

        writer.Align(8);
        writer.WriteByte((byte)code);
        writer.WriteValue("v", new DBusVariant(signature, value), 0);
    }

    private static T Expect<T>(DBusVariant variant, string signature, Field code)
    {
        if (variant.Signature != signature)
        {
            throw new DBusProtocolException($"Header field {code} has type '{variant.Signature}', expected '{signature}'.");
        }

        return (T)variant.Value;
    }

    private static string ExpectName(DBusVariant variant, Field code, Func<string, bool> isValid)
    {
        var name = Expect<string>(variant, "s", code);
        if (!isValid(name))
        {
            throw new DBusProtocolException($"Header field {code} holds the invalid name '{name}'.");
        }

        return name;
    }

    private static void ValidateOutgoing(DBusMessage message)
    {
        if (message.Path is not null && !Validation.IsValidObjectPath(message.Path))
        {
            throw new ArgumentException($"'{message.Path}' is not a valid D-Bus object path.");
        }

        if (message.Interface is not null && !Validation.IsValidInterfaceName(message.Interface))
        {
            throw new ArgumentException($"'{message.Interface}' is not a valid D-Bus interface name.");
        }

        if (message.Member is not null && !Validation.IsValidMemberName(message.Member))
        {
            throw new ArgumentException($"'{message.Member}' is not a valid D-Bus member name.");
        }

        if (message.Destination is not null && !Validation.IsValidBusName(message.Destination))
        {
            throw new ArgumentException($"'{message.Destination}' is not a valid D-Bus bus name.");
        }

        if (message.ErrorName is not null && !Validation.IsValidInterfaceName(message.ErrorName))
        {
            throw new ArgumentException($"'{message.ErrorName}' is not a valid D-Bus error name.");
        }
    }

    private static uint Read32(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
}
