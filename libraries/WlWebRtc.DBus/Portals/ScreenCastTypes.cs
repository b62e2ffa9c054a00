namespace WlWebRtc.DBus.Portals;

/// <summary>ScreenCast source types (AvailableSourceTypes / SelectSources "types").</summary>
[Flags]
public enum ScreenCastSourceTypes : uint
{
    None = 0,
    Monitor = 1,
    Window = 2,
    Virtual = 4,
}

/// <summary>ScreenCast cursor modes (AvailableCursorModes / SelectSources "cursor_mode").</summary>
[Flags]
public enum CursorModes : uint
{
    None = 0,
    Hidden = 1,
    Embedded = 2,
    Metadata = 4,
}

/// <summary>RemoteDesktop device types (AvailableDeviceTypes / SelectDevices "types").</summary>
[Flags]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The portal specification's device name.")]
public enum RemoteDesktopDeviceTypes : uint
{
    None = 0,
    Keyboard = 1,
    Pointer = 2,
    Touchscreen = 4,
}

/// <summary>One PipeWire stream of a started cast: its node id and, when the portal says so, where it sits.</summary>
public sealed record ScreenCastStreamInfo(uint NodeId)
{
    public int? X { get; init; }

    public int? Y { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    /// <summary>As reported; xdg-desktop-portal-wlr 0.7.0 reports 2 for a monitor, so do not rely on it.</summary>
    public uint? SourceType { get; init; }

    public string? Id { get; init; }

    internal static IReadOnlyList<ScreenCastStreamInfo> Parse(Dictionary<string, DBusVariant> results)
    {
        if (!results.TryGetValue("streams", out var variant))
        {
            return [];
        }

        if (variant.Signature != "a(ua{sv})")
        {
            throw new DBusProtocolException($"The portal's streams have signature '{variant.Signature}' instead of 'a(ua{{sv}})'.");
        }

        var streams = new List<ScreenCastStreamInfo>();
        foreach (var item in (object[])variant.Value)
        {
            var entry = (DBusStruct)item;
            var properties = DBusValue.ToVardict(entry[1]);
            var position = Pair(properties, "position");
            var size = Pair(properties, "size");
            streams.Add(new ScreenCastStreamInfo((uint)entry[0])
            {
                X = position?.A,
                Y = position?.B,
                Width = size?.A,
                Height = size?.B,
                SourceType = properties.TryGetValue("source_type", out var type) && type.Value is uint t ? t : null,
                Id = properties.TryGetValue("id", out var id) && id.Value is string s ? s : null,
            });
        }

        return streams;
    }

    private static (int A, int B)? Pair(Dictionary<string, DBusVariant> properties, string key) =>
        properties.TryGetValue(key, out var value) && value.Value is DBusStruct { Count: 2 } pair && pair[0] is int a && pair[1] is int b
            ? (a, b)
            : null;
}

/// <summary>What to ask the ScreenCast portal for.</summary>
public sealed record ScreenCastOptions
{
    /// <summary>Wanted source types; those the portal does not offer are dropped (monitor is the fallback).</summary>
    public ScreenCastSourceTypes SourceTypes { get; init; } = ScreenCastSourceTypes.Monitor;

    public bool Multiple { get; init; }

    /// <summary>Cursor modes in order of preference; the first one the portal offers is used.</summary>
    public IReadOnlyList<CursorModes> CursorPreference { get; init; } = [CursorModes.Metadata, CursorModes.Embedded];

    /// <summary>Ask for persist_mode=2 and keep the restore token in <see cref="TokenStore"/>.</summary>
    public bool Persist { get; init; } = true;

    public RestoreTokenStore? TokenStore { get; init; }

    /// <summary>The key of the restore token in the store.</summary>
    public string TokenKey { get; init; } = "screencast";

    public PortalTimeouts Timeouts { get; init; } = new();

    /// <summary>Every problem at once, keyed by config path (capture.portal.*).</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (SourceTypes == ScreenCastSourceTypes.None || ((uint)SourceTypes & ~7u) != 0)
        {
            errors.Add($"capture.portal.source_types: must be a combination of monitor, window and virtual, was {SourceTypes}.");
        }

        if (CursorPreference.Count == 0 || CursorPreference.Any(m => m is not (CursorModes.Hidden or CursorModes.Embedded or CursorModes.Metadata)))
        {
            errors.Add("capture.portal.cursor_mode: must list one or more of hidden, embedded, metadata.");
        }

        errors.AddRange(Timeouts.Validate("capture.portal"));
        return errors;
    }
}
