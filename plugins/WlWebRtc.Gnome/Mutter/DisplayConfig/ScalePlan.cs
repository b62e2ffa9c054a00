using System.Globalization;
using WlWebRtc.DBus;

namespace WlWebRtc.Gnome.Mutter.DisplayConfig;

/// <summary>
/// How to give a RecordVirtual monitor a scale through DisplayConfig.ApplyMonitorsConfig: the monitor is the virtual
/// one whose current mode has the stream's size; the scale is the largest Mutter allows for that mode that is not above
/// the wanted one (mutter 43 in its physical layout offers whole numbers, and 2 only where the logical size stays at
/// least 800x600); every other logical monitor is given back as it is.
/// </summary>
internal sealed record ScalePlan(string Connector, double Scale, IReadOnlyList<object> Arguments)
{
    /// <summary>ApplyMonitorsConfig's method 1: temporary (not saved, and Mutter asks no confirmation).</summary>
    public const uint Temporary = 1;

    public const string Signature = "uua(iiduba(ssa{sv}))a{sv}";

    /// <summary>The plan, or why there is none; <paramref name="plan"/> is null also when the monitor has the scale already.</summary>
    public static string? TryMake(DisplayState state, int width, int height, double wanted, out ScalePlan? plan)
    {
        ArgumentNullException.ThrowIfNull(state);
        plan = null;
        var candidates = state.Monitors
            .Where(m => m.Product == DisplayState.VirtualProduct && m.CurrentMode is { } mode && mode.Width == width && mode.Height == height)
            .ToList();
        if (candidates.Count != 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{candidates.Count} virtual monitors of {width}x{height} (one expected)");
        }

        var monitor = candidates[0];
        var ours = state.LogicalMonitors.FirstOrDefault(l => l.Connectors.Contains(monitor.Connector));
        if (ours is null)
        {
            return $"{monitor.Connector} is in no logical monitor";
        }

        if (state.LayoutMode != DisplayState.PhysicalLayout && state.LogicalMonitors.Count > 1)
        {
            return "Mutter lays monitors out in logical pixels: a new scale would need the other monitors moved";
        }

        var scale = monitor.CurrentMode!.SupportedScales.Where(s => s <= wanted + 0.001).DefaultIfEmpty(1).Max();
        if (Math.Abs(scale - ours.Scale) < 0.001)
        {
            return null;
        }

        var modes = state.Monitors.Where(m => m.CurrentMode is not null).ToDictionary(m => m.Connector, m => m.CurrentMode!.Id, StringComparer.Ordinal);
        var logical = new List<object>();
        foreach (var entry in state.LogicalMonitors)
        {
            var monitors = new List<object>();
            foreach (var connector in entry.Connectors)
            {
                if (!modes.TryGetValue(connector, out var mode))
                {
                    return $"{connector} has no current mode";
                }

                monitors.Add(new DBusStruct(connector, mode, new Dictionary<string, DBusVariant>()));
            }

            logical.Add(new DBusStruct(entry.X, entry.Y, ReferenceEquals(entry, ours) ? scale : entry.Scale, entry.Transform, entry.Primary, monitors));
        }

        plan = new ScalePlan(monitor.Connector, scale, [state.Serial, Temporary, logical, new Dictionary<string, DBusVariant>()]);
        return null;
    }
}
