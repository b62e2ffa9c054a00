using System.Globalization;
using System.Text;

namespace WlWebRtc.DBus;

/// <summary>One entry of a D-Bus server address ("unix:path=/run/user/1000/bus,guid=..."), unescaped.</summary>
public sealed record DBusAddressEntry(string Transport, IReadOnlyDictionary<string, string> Parameters)
{
    public string? GetParameter(string key) => Parameters.TryGetValue(key, out var value) ? value : null;

    public override string ToString() =>
        Transport + ":" + string.Join(",", Parameters.Select(p => p.Key + "=" + DBusAddress.Escape(p.Value)));
}

/// <summary>Parses D-Bus server addresses (spec "Server Addresses"): ';'-separated entries, '%XX' escapes.</summary>
public static class DBusAddress
{
    /// <summary>Parses every entry; throws <see cref="FormatException"/> naming what is wrong.</summary>
    public static IReadOnlyList<DBusAddressEntry> Parse(string address)
    {
        ArgumentNullException.ThrowIfNull(address);
        var entries = new List<DBusAddressEntry>();
        foreach (var part in address.Split(';'))
        {
            if (part.Length == 0)
            {
                continue;
            }

            var colon = part.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new FormatException($"The D-Bus address entry '{part}' has no 'transport:' prefix.");
            }

            var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
            var rest = part[(colon + 1)..];
            if (rest.Length > 0)
            {
                foreach (var pair in rest.Split(','))
                {
                    var equals = pair.IndexOf('=', StringComparison.Ordinal);
                    if (equals <= 0)
                    {
                        throw new FormatException($"The D-Bus address entry '{part}' has a parameter '{pair}' without 'key=value'.");
                    }

                    var key = pair[..equals];
                    if (!parameters.TryAdd(key, Unescape(pair[(equals + 1)..])))
                    {
                        throw new FormatException($"The D-Bus address entry '{part}' repeats the key '{key}'.");
                    }
                }
            }

            entries.Add(new DBusAddressEntry(part[..colon], parameters));
        }

        if (entries.Count == 0)
        {
            throw new FormatException("The D-Bus address is empty.");
        }

        return entries;
    }

    /// <summary>The session bus address: DBUS_SESSION_BUS_ADDRESS, else $XDG_RUNTIME_DIR/bus when that socket exists.</summary>
    public static string? GetSessionBusAddress()
    {
        var address = Environment.GetEnvironmentVariable("DBUS_SESSION_BUS_ADDRESS");
        if (!string.IsNullOrEmpty(address))
        {
            return address;
        }

        var runtime = Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR");
        if (!string.IsNullOrEmpty(runtime) && File.Exists(Path.Combine(runtime, "bus")))
        {
            return "unix:path=" + Escape(Path.Combine(runtime, "bus"));
        }

        return null;
    }

    /// <summary>Escapes a value: optionally-escaped bytes [-0-9A-Za-z_/.\*] stay, all others become %XX of their UTF-8 bytes.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '/' or '.' or '\\' or '*')
            {
                builder.Append(c);
            }
            else
            {
                builder.Append('%').Append(b.ToString("x2", CultureInfo.InvariantCulture));
            }
        }

        return builder.ToString();
    }

    private static string Unescape(string value)
    {
        var bytes = new List<byte>(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c == '%')
            {
                if (i + 2 >= value.Length || !byte.TryParse(value.AsSpan(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    throw new FormatException($"The D-Bus address value '{value}' has an invalid %-escape at position {i}.");
                }

                bytes.Add(b);
                i += 2;
            }
            else if (c > 127)
            {
                throw new FormatException($"The D-Bus address value '{value}' holds a non-ASCII character; it must be %-escaped.");
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        try
        {
            return new UTF8Encoding(false, true).GetString(bytes.ToArray());
        }
        catch (DecoderFallbackException e)
        {
            throw new FormatException($"The D-Bus address value '{value}' is not UTF-8 once unescaped.", e);
        }
    }
}
