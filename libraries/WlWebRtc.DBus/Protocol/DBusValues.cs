using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.DBus;

/// <summary>A D-Bus object path ('o'). The value is validated on construction.</summary>
public readonly record struct ObjectPath
{
    public ObjectPath(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Protocol.Validation.IsValidObjectPath(value))
        {
            throw new ArgumentException($"'{value}' is not a valid D-Bus object path.", nameof(value));
        }

        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value ?? string.Empty;

    public static implicit operator string(ObjectPath path) => path.Value;
}

/// <summary>A D-Bus type signature ('g'). The value is validated on construction.</summary>
public readonly record struct DBusSignature
{
    public DBusSignature(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Protocol.SignatureParser.Validate(value);
        Value = value;
    }

    public string Value { get; }

    public override string ToString() => Value ?? string.Empty;
}

/// <summary>A D-Bus variant ('v'): a single complete type and its value.</summary>
public sealed class DBusVariant
{
    public DBusVariant(string signature, object value)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(value);
        Protocol.SignatureParser.ValidateSingleCompleteType(signature);
        Signature = signature;
        Value = value;
    }

    public string Signature { get; }

    public object Value { get; }

    /// <summary>Wraps a CLR value, inferring its D-Bus type (see <see cref="DBusValue.InferSignature"/>).</summary>
    public static DBusVariant From(object value) => new(DBusValue.InferSignature(value), value);

    public override string ToString() => $"<{Signature}> {Value}";
}

/// <summary>A D-Bus struct ('(...)') or dict entry, read or written field by field.</summary>
public sealed class DBusStruct
{
    public DBusStruct(params object[] fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Fields = fields;
    }

    public IReadOnlyList<object> Fields { get; }

    public object this[int index] => Fields[index];

    public int Count => Fields.Count;

    public override string ToString() => "(" + string.Join(", ", Fields) + ")";
}

/// <summary>
/// A unix file descriptor received in a D-Bus message ('h'). The receiver owns it: dispose it, or take the raw
/// descriptor with <see cref="DetachDescriptor"/> to hand its ownership to native code.
/// </summary>
public sealed class UnixFdHandle : SafeHandleMinusOneIsInvalid
{
    public UnixFdHandle(int fd, bool ownsHandle)
        : base(ownsHandle)
    {
        SetHandle(fd);
    }

    /// <summary>The descriptor number (still owned by this handle).</summary>
    public int DangerousFd => (int)handle;

    /// <summary>Gives up ownership: the caller must close the returned descriptor.</summary>
    public int DetachDescriptor()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var fd = (int)handle;
        SetHandleAsInvalid();
        return fd;
    }

    protected override bool ReleaseHandle() => WlWebRtc.Unix.UnixFd.Close((int)handle);
}

/// <summary>Conversions between D-Bus values as read by this library and CLR types.</summary>
public static class DBusValue
{
    /// <summary>
    /// The D-Bus signature of a CLR value: byte y, bool b, short n, ushort q, int i, uint u, long x, ulong t,
    /// double d, string s, ObjectPath o, DBusSignature g, SafeHandle h, DBusVariant v, byte[] ay, string[] as,
    /// IDictionary&lt;string, DBusVariant&gt; or IDictionary&lt;string, object&gt; a{sv}.
    /// </summary>
    public static string InferSignature(object value) => value switch
    {
        byte => "y",
        bool => "b",
        short => "n",
        ushort => "q",
        int => "i",
        uint => "u",
        long => "x",
        ulong => "t",
        double => "d",
        string => "s",
        ObjectPath => "o",
        DBusSignature => "g",
        SafeHandle => "h",
        DBusVariant => "v",
        byte[] => "ay",
        string[] => "as",
        ObjectPath[] => "ao",
        uint[] => "au",
        int[] => "ai",
        IDictionary<string, DBusVariant> => "a{sv}",
        IDictionary<string, object> => "a{sv}",
        IReadOnlyDictionary<string, DBusVariant> => "a{sv}",
        IReadOnlyDictionary<string, object> => "a{sv}",
        _ => throw new ArgumentException($"Cannot infer a D-Bus type for a value of type {value.GetType()}; wrap it in a DBusVariant with an explicit signature."),
    };

    /// <summary>Converts a value read from a message (unwrapping variants) to <typeparamref name="T"/>.</summary>
    /// <exception cref="InvalidCastException">The value has a D-Bus type that does not convert.</exception>
    public static T Convert<T>(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        while (value is DBusVariant variant && typeof(T) != typeof(DBusVariant))
        {
            value = variant.Value;
        }

        if (value is T typed)
        {
            return typed;
        }

        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        if (target == typeof(string) && value is ObjectPath or DBusSignature)
        {
            return (T)(object)value.ToString()!;
        }

        if (value is IConvertible && IsNumeric(value) && IsNumericType(target))
        {
            try
            {
                return (T)System.Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (OverflowException e)
            {
                throw new InvalidCastException($"The D-Bus value {value} ({value.GetType().Name}) does not fit in {target.Name}.", e);
            }
        }

        if (target == typeof(IReadOnlyDictionary<string, DBusVariant>) || target == typeof(Dictionary<string, DBusVariant>))
        {
            return (T)(object)ToVardict(value);
        }

        throw new InvalidCastException($"A D-Bus value of CLR type {value.GetType().Name} cannot be converted to {typeof(T).Name}.");
    }

    /// <summary>Converts an 'a{sv}' value as read from a message to a dictionary keyed by string.</summary>
    public static Dictionary<string, DBusVariant> ToVardict(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value is DBusVariant { Value: var inner })
        {
            value = inner;
        }

        if (value is Dictionary<string, DBusVariant> already)
        {
            return already;
        }

        if (value is not System.Collections.IDictionary dictionary)
        {
            throw new InvalidCastException($"Expected a D-Bus dictionary a{{sv}}, got {value.GetType().Name}.");
        }

        var result = new Dictionary<string, DBusVariant>(dictionary.Count, StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in dictionary)
        {
            if (entry.Key is not string key || entry.Value is not DBusVariant variant)
            {
                throw new InvalidCastException("Expected a D-Bus dictionary a{sv} (string keys, variant values).");
            }

            result[key] = variant;
        }

        return result;
    }

    private static bool IsNumeric(object value) => value is byte or short or ushort or int or uint or long or ulong or double;

    private static bool IsNumericType(Type type) =>
        type == typeof(byte) || type == typeof(short) || type == typeof(ushort) || type == typeof(int) || type == typeof(uint)
        || type == typeof(long) || type == typeof(ulong) || type == typeof(double);
}
