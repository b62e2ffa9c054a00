using System.Text;

namespace WlWebRtc.DBus;

/// <summary>A D-Bus match rule (spec "Match Rules"); null members match anything.</summary>
public sealed record MatchRule
{
    public DBusMessageType Type { get; init; } = DBusMessageType.Signal;

    public string? Sender { get; init; }

    public string? Path { get; init; }

    /// <summary>Matches this path and every path below it.</summary>
    public string? PathNamespace { get; init; }

    public string? Interface { get; init; }

    public string? Member { get; init; }

    /// <summary>Matches when the first body argument is this string.</summary>
    public string? Arg0 { get; init; }

    /// <summary>The rule in the daemon's text form, e.g. type='signal',interface='a.b',member='C'.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        Append(builder, "type", Type switch
        {
            DBusMessageType.MethodCall => "method_call",
            DBusMessageType.MethodReturn => "method_return",
            DBusMessageType.Error => "error",
            _ => "signal",
        });
        Append(builder, "sender", Sender);
        Append(builder, "path", Path);
        Append(builder, "path_namespace", PathNamespace);
        Append(builder, "interface", Interface);
        Append(builder, "member", Member);
        Append(builder, "arg0", Arg0);
        return builder.ToString();
    }

    /// <summary>Whether <paramref name="message"/> matches; <paramref name="senderUniqueName"/> is the unique name owning <see cref="Sender"/> when known.</summary>
    public bool Matches(DBusMessage message, string? senderUniqueName = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (message.Type != Type)
        {
            return false;
        }

        if (Sender is not null && message.Sender != Sender && (senderUniqueName is null ? !IsWellKnown(Sender) : message.Sender != senderUniqueName))
        {
            return false;
        }

        if (Path is not null && message.Path != Path)
        {
            return false;
        }

        if (PathNamespace is not null && !IsUnder(message.Path, PathNamespace))
        {
            return false;
        }

        return (Interface is null || message.Interface == Interface)
            && (Member is null || message.Member == Member)
            && (Arg0 is null || message.FirstStringArgument == Arg0);
    }

    internal static bool IsWellKnown(string name) => !name.StartsWith(':');

    private static bool IsUnder(string? path, string prefix) =>
        path is not null && (path == prefix || prefix == "/" || (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length && path[prefix.Length] == '/'));

    private static void Append(StringBuilder builder, string key, string? value)
    {
        if (value is null)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append(',');
        }

        // Values are quoted; an apostrophe is written as '\'' (close, escaped quote, reopen).
        builder.Append(key).Append("='").Append(value.Replace("'", "'\\''", StringComparison.Ordinal)).Append('\'');
    }
}
