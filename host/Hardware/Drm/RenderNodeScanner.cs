using System.Globalization;
using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Drm;

/// <summary>
/// Lists /dev/dri/renderD* and reads each node's PCI ids and kernel driver from
/// /sys/class/drm/renderD*/device/{vendor,device,driver}. Unreadable attributes become 0 / "unknown".
/// </summary>
internal sealed class RenderNodeScanner(string devRoot, string sysRoot)
{
    private const string Prefix = "renderD";

    public RenderNodeScan Scan()
    {
        var dri = Path.Combine(devRoot, "dri");
        if (!Directory.Exists(dri))
        {
            return RenderNodeScan.None($"no DRM render node in {dri} (the directory does not exist)");
        }

        string[] paths;
        try
        {
            paths = Directory.GetFiles(dri, Prefix + "*");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return RenderNodeScan.None($"cannot list {dri}: {ex.Message}");
        }

        var nodes = paths
            .Select(path => (path, number: NodeNumber(Path.GetFileName(path))))
            .Where(node => node.number >= 0)
            .OrderBy(node => node.number)
            .Select(node => Describe(node.path))
            .ToArray();
        if (nodes.Length == 0)
        {
            return RenderNodeScan.None($"no DRM render node in {dri}");
        }

        var names = string.Join(", ", nodes.Select(node => Path.GetFileName(node.DevicePath)));
        return new RenderNodeScan(Detection.Present($"{nodes.Length} render node(s) in {dri}: {names}"), nodes);
    }

    private static int NodeNumber(string name) =>
        name.StartsWith(Prefix, StringComparison.Ordinal)
        && int.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : -1;

    private RenderNode Describe(string path)
    {
        var device = Path.Combine(sysRoot, "class", "drm", Path.GetFileName(path), "device");
        return new RenderNode(
            path,
            ReadHexId(Path.Combine(device, "vendor")),
            ReadHexId(Path.Combine(device, "device")),
            ReadDriver(Path.Combine(device, "driver")));
    }

    /// <summary>A sysfs PCI id ("0x8086\n"), or 0 when missing, unreadable or malformed.</summary>
    private static int ReadHexId(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path).Trim();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return 0;
        }

        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text.AsSpan(2) : text.AsSpan();
        return int.TryParse(digits, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var id) ? id : 0;
    }

    /// <summary>The name of the driver directory the device/driver symlink points to.</summary>
    private static string ReadDriver(string path)
    {
        try
        {
            var target = new FileInfo(path).LinkTarget;
            return string.IsNullOrEmpty(target) ? "unknown" : Path.GetFileName(target.TrimEnd('/'));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
