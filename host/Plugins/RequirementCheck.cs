using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Plugins;

/// <summary>
/// Answers "unavailable, because …" from the generic hardware inventory before a probe is even started. What a
/// technology needs beyond that (a VA-API driver, NVENC) the plugin's own probe checks.
/// </summary>
internal static class RequirementCheck
{
    public static string? FindMissing(HardwareRequirements requires, HardwareInventory hardware)
    {
        var missing = new List<string>();
        if (requires.HasFlag(HardwareRequirements.RenderNode) && hardware.RenderNodes.Count == 0)
        {
            missing.Add("a DRM render node (none found)");
        }

        if (requires.HasFlag(HardwareRequirements.WaylandSession) && !hardware.Session.Wayland.IsPresent)
        {
            missing.Add($"a Wayland session ({hardware.Session.Wayland.Reason})");
        }

        if (requires.HasFlag(HardwareRequirements.PipeWire) && !hardware.Session.PipeWire.IsPresent)
        {
            missing.Add($"PipeWire ({hardware.Session.PipeWire.Reason})");
        }

        return missing.Count == 0 ? null : "needs " + string.Join(", ", missing);
    }
}
