using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware;

/// <summary>
/// What detection found: the inventory plugins get, plus what the inventory cannot say by itself —
/// why the GPU list is empty, if it is — and how long detection took.
/// </summary>
/// <param name="Inventory">The inventory handed to plugins (PluginContext.Hardware).</param>
/// <param name="RenderNodes">The render node scan: how many were found, or why none.</param>
/// <param name="Elapsed">Wall time of the whole detection.</param>
internal sealed record HardwareReport(HardwareInventory Inventory, Detection RenderNodes, TimeSpan Elapsed)
{
    /// <summary>Rows for the --list-plugins table and its JSON.</summary>
    public IReadOnlyList<HardwareSummaryRow> ToRows() => HardwareSummary.Rows(this);
}
