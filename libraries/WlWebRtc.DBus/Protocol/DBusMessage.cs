using System.Runtime.InteropServices;

namespace WlWebRtc.DBus;

public enum DBusMessageType : byte
{
    Invalid = 0,
    MethodCall = 1,
    MethodReturn = 2,
    Error = 3,
    Signal = 4,
}

[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The D-Bus specification's name for the header byte.")]
public enum DBusMessageFlags : byte
{
    None = 0,
    NoReplyExpected = 0x1,
    NoAutoStart = 0x2,
    AllowInteractiveAuthorization = 0x4,
}

/// <summary>
/// A D-Bus message: header fields and a body of values matching <see cref="Signature"/>. Values read from the
/// wire are: byte, bool, short, ushort, int, uint, long, ulong, double, string, <see cref="ObjectPath"/>,
/// <see cref="DBusSignature"/>, <see cref="UnixFdHandle"/>, <see cref="DBusVariant"/>, <see cref="DBusStruct"/>,
/// arrays (byte[], bool[], short[], ushort[], int[], uint[], long[], ulong[], double[] for fixed types,
/// otherwise object[]) and dictionaries (Dictionary&lt;object, object&gt;).
/// </summary>
public sealed class DBusMessage
{
    public DBusMessageType Type { get; init; }

    public DBusMessageFlags Flags { get; init; }

    public uint Serial { get; internal set; }

    public uint? ReplySerial { get; init; }

    public string? Path { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    public string? ErrorName { get; init; }

    public string? Destination { get; init; }

    public string? Sender { get; init; }

    public string Signature { get; init; } = string.Empty;

    public IReadOnlyList<object> Body { get; init; } = [];

    /// <summary>Descriptors received with the message (owned by whoever takes them; see <see cref="UnixFdHandle"/>).</summary>
    public IReadOnlyList<UnixFdHandle> UnixFds { get; init; } = [];

    /// <summary>True when the message was received in big-endian byte order.</summary>
    public bool BigEndian { get; init; }

    /// <summary>The first body argument as a string, as error replies carry their message.</summary>
    public string? FirstStringArgument => Body.Count > 0 ? Body[0] as string : null;

    public static DBusMessage CreateMethodCall(string? destination, string path, string? @interface, string member, string signature = "", IReadOnlyList<object>? body = null, DBusMessageFlags flags = DBusMessageFlags.None) =>
        new()
        {
            Type = DBusMessageType.MethodCall,
            Flags = flags,
            Destination = destination,
            Path = path,
            Interface = @interface,
            Member = member,
            Signature = signature,
            Body = body ?? [],
        };

    public static DBusMessage CreateSignal(string path, string @interface, string member, string signature = "", IReadOnlyList<object>? body = null, string? destination = null) =>
        new()
        {
            Type = DBusMessageType.Signal,
            Flags = DBusMessageFlags.NoReplyExpected,
            Path = path,
            Interface = @interface,
            Member = member,
            Destination = destination,
            Signature = signature,
            Body = body ?? [],
        };

    public override string ToString() => Type switch
    {
        DBusMessageType.Error => $"error {ErrorName} (reply to {ReplySerial}) from {Sender}: {FirstStringArgument}",
        DBusMessageType.MethodReturn => $"return (reply to {ReplySerial}) from {Sender} '{Signature}'",
        _ => $"{Type} {Interface}.{Member} on {Path} from {Sender} to {Destination} '{Signature}'",
    };

    /// <summary>Closes every received descriptor that nobody took (for messages nobody consumed).</summary>
    internal void DisposeUnixFds()
    {
        foreach (var fd in UnixFds)
        {
            fd.Dispose();
        }
    }

    internal IEnumerable<SafeHandle> EnumerateUnixFds() => UnixFds;
}
