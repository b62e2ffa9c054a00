using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Host.Configuration;

/// <summary>
/// The <c>[display]</c> table: whether the captured output follows the controlling viewer's size (where the capture
/// offers <see cref="Capture.IResizableOutput"/>), and the bounds of the pixel size it may be given.
/// </summary>
internal sealed record DisplayOptions(bool FollowViewer, int MinWidth, int MinHeight, int MaxWidth, int MaxHeight)
{
    /// <summary>The smallest and largest side any bound may name (H.264 level 6.2 and sway's limits lie within).</summary>
    public const int SideFloor = 64;

    public const int SideCeiling = 8192;

    /// <summary>The longest output name <c>output</c> may give.</summary>
    public const int MaxOutputNameLength = 64;

    public static readonly DisplayOptions Default = new(false, 640, 480, 3840, 2160);

    /// <summary><c>restore_after_seconds</c>: how long after the controlling viewer left the output gets its own size back; zero: never.</summary>
    public TimeSpan RestoreAfter { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary><c>output</c>: the output to capture at start when the desktop has several (the compositor's name; <c>*</c>: all side by side); null: the capture's choice.</summary>
    public string? Output { get; init; }

    public static DisplayOptions Read(IConfigurationSection section, List<ConfigurationError> errors)
    {
        var reader = new SettingsReader(section, "display");
        reader.RejectUnknownKeys(["follow_viewer", "min_width", "min_height", "max_width", "max_height", "output", "restore_after_seconds"]);
        var follow = reader.ReadBoolean("follow_viewer", Default.FollowViewer);
        var minWidth = reader.ReadInt32("min_width", Default.MinWidth, SideFloor, SideCeiling);
        var minHeight = reader.ReadInt32("min_height", Default.MinHeight, SideFloor, SideCeiling);
        var maxWidth = reader.ReadInt32("max_width", Default.MaxWidth, SideFloor, SideCeiling);
        var maxHeight = reader.ReadInt32("max_height", Default.MaxHeight, SideFloor, SideCeiling);
        if (minWidth > maxWidth)
        {
            reader.AddError("min_width", $"must not exceed display.max_width ({maxWidth}), got {minWidth}");
        }

        if (minHeight > maxHeight)
        {
            reader.AddError("min_height", $"must not exceed display.max_height ({maxHeight}), got {minHeight}");
        }

        var restoreAfter = reader.ReadInt32("restore_after_seconds", (int)Default.RestoreAfter.TotalSeconds, 0, 86_400);
        var output = reader.ReadString("output", string.Empty);
        if (output.Length > MaxOutputNameLength || output.Any(c => char.IsControl(c) || c is '"' or '\\'))
        {
            reader.AddError("output", $"must be an output name of at most {MaxOutputNameLength} characters without quotes or control characters, got '{output}'");
            output = string.Empty;
        }

        errors.AddRange(reader.Errors);
        return new DisplayOptions(follow, minWidth, minHeight, maxWidth, maxHeight) { Output = output.Length == 0 ? null : output, RestoreAfter = TimeSpan.FromSeconds(restoreAfter) };
    }
}
