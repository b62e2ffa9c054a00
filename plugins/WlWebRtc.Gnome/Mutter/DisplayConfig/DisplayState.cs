using WlWebRtc.DBus;

namespace WlWebRtc.Gnome.Mutter.DisplayConfig;

/// <summary>One mode of a monitor in DisplayConfig.GetCurrentState: its id, pixel size and the scales Mutter allows for it.</summary>
internal sealed record MonitorMode(string Id, int Width, int Height, bool IsCurrent, IReadOnlyList<double> SupportedScales);

/// <summary>A monitor (connector, product) and its modes.</summary>
internal sealed record Monitor(string Connector, string Product, IReadOnlyList<MonitorMode> Modes)
{
    public MonitorMode? CurrentMode => Modes.FirstOrDefault(m => m.IsCurrent);
}

/// <summary>A logical monitor: where it is, its scale, transform, whether primary, and the connectors it shows.</summary>
internal sealed record LogicalMonitor(int X, int Y, double Scale, uint Transform, bool Primary, IReadOnlyList<string> Connectors);

/// <summary>
/// Mutter's monitor configuration as org.gnome.Mutter.DisplayConfig.GetCurrentState returns it
/// (<c>ua((ssss)a(siiddada{sv})a{sv})a(iiduba(ssss)a{sv})a{sv}</c>), reduced to what a scale change needs.
/// </summary>
internal sealed record DisplayState(uint Serial, IReadOnlyList<Monitor> Monitors, IReadOnlyList<LogicalMonitor> LogicalMonitors, uint LayoutMode)
{
    /// <summary>layout-mode 2: logical monitors are laid out in physical pixels, so a scale change moves no other monitor.</summary>
    public const uint PhysicalLayout = 2;

    /// <summary>The product name of a RecordVirtual monitor (mutter 43).</summary>
    public const string VirtualProduct = "Virtual remote monitor";

    /// <summary>Reads a GetCurrentState reply body; throws <see cref="InvalidDataException"/> on a shape it does not know.</summary>
    public static DisplayState Parse(IReadOnlyList<object> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (body.Count != 4 || body[0] is not uint serial || body[1] is not object[] monitors || body[2] is not object[] logical)
        {
            throw new InvalidDataException("DisplayConfig.GetCurrentState returned an unexpected reply.");
        }

        var layoutMode = body[3] is Dictionary<object, object> properties && properties.TryGetValue("layout-mode", out var layout) && layout is DBusVariant { Value: uint mode }
            ? mode
            : 1u;
        return new DisplayState(serial, [.. monitors.Select(ParseMonitor)], [.. logical.Select(ParseLogical)], layoutMode);
    }

    private static Monitor ParseMonitor(object value)
    {
        if (value is not DBusStruct { Count: 3 } monitor || monitor[0] is not DBusStruct { Count: 4 } spec || spec[0] is not string connector
            || spec[2] is not string product || monitor[1] is not object[] modes)
        {
            throw new InvalidDataException("DisplayConfig.GetCurrentState listed a monitor of an unexpected shape.");
        }

        return new Monitor(connector, product, [.. modes.Select(ParseMode)]);
    }

    private static MonitorMode ParseMode(object value)
    {
        if (value is not DBusStruct { Count: 7 } mode || mode[0] is not string id || mode[1] is not int width || mode[2] is not int height
            || mode[5] is not double[] scales || mode[6] is not Dictionary<object, object> properties)
        {
            throw new InvalidDataException("DisplayConfig.GetCurrentState listed a mode of an unexpected shape.");
        }

        var current = properties.TryGetValue("is-current", out var flag) && flag is DBusVariant { Value: true };
        return new MonitorMode(id, width, height, current, scales);
    }

    private static LogicalMonitor ParseLogical(object value)
    {
        if (value is not DBusStruct { Count: 7 } logical || logical[0] is not int x || logical[1] is not int y || logical[2] is not double scale
            || logical[3] is not uint transform || logical[4] is not bool primary || logical[5] is not object[] monitors)
        {
            throw new InvalidDataException("DisplayConfig.GetCurrentState listed a logical monitor of an unexpected shape.");
        }

        var connectors = monitors.Select(m => m is DBusStruct { Count: 4 } spec && spec[0] is string connector
            ? connector
            : throw new InvalidDataException("DisplayConfig.GetCurrentState listed a logical monitor's monitor of an unexpected shape."));
        return new LogicalMonitor(x, y, scale, transform, primary, [.. connectors]);
    }
}
