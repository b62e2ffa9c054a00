using WlWebRtc.DBus;

namespace WlWebRtc.Gnome.Clipboard;

/// <summary>
/// One <c>SelectionOwnerChanged(a{sv})</c>: the MIME types of the new selection (<c>mime-types</c>) and whether this
/// RemoteDesktop session owns it (<c>session-is-owner</c>). Mutter 43 sends the types wrapped in a one-field struct
/// (<c>(as)</c>) although its introspection says <c>as</c>; both are read.
/// </summary>
internal sealed record SelectionOwner(IReadOnlyList<string> MimeTypes, bool SessionIsOwner)
{
    /// <summary>Past this many types the rest are ignored (an application cannot grow the list without end).</summary>
    public const int MaxMimeTypes = 64;

    /// <summary>Reads the signal's options; missing or mistyped fields read as no types and not the owner.</summary>
    public static SelectionOwner Parse(object options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Dictionary<string, DBusVariant> values;
        try
        {
            values = DBusValue.ToVardict(options);
        }
        catch (InvalidCastException)
        {
            return new SelectionOwner([], false);
        }

        var owner = values.TryGetValue("session-is-owner", out var isOwner) && isOwner.Value is true;
        var types = values.TryGetValue("mime-types", out var mimeTypes) ? Strings(mimeTypes.Value) : [];
        return new SelectionOwner(types, owner);
    }

    private static string[] Strings(object value) => value switch
    {
        DBusStruct { Count: 1 } wrapped => Strings(wrapped[0]),
        IEnumerable<object> items => [.. items.OfType<string>().Where(t => t.Length is > 0 and <= 255).Distinct(StringComparer.Ordinal).Take(MaxMimeTypes)],
        _ => [],
    };
}
