using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.LatencyProbe;
using WlWebRtc.LatencyProbe.Content;

namespace WlWebRtc.Capture.TestPattern;

/// <summary>The <c>[capture.testpattern]</c> table.</summary>
internal sealed record TestPatternOptions(int Width, int Height, int FrameRate, TestContent Content = TestContent.Pattern)
{
    public const int DefaultWidth = 1280;
    public const int DefaultHeight = 720;
    public const int DefaultFrameRate = 30;
    public const int MaxWidth = 7680;
    public const int MaxHeight = 4320;
    public const int MaxFrameRate = 240;

    /// <summary>Reads the table, collecting every error; options are null when there is any.</summary>
    public static (TestPatternOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var reader = new SettingsReader(settings);
        reader.RejectUnknownKeys(["width", "height", "fps", "content"]);
        var width = reader.ReadInt32("width", DefaultWidth, LatencyProbePattern.MinWidth, MaxWidth);
        var height = reader.ReadInt32("height", DefaultHeight, LatencyProbePattern.MinHeight, MaxHeight);
        var fps = reader.ReadInt32("fps", DefaultFrameRate, 1, MaxFrameRate);
        // ReadString reports anything but the listed names (and gives the default back), so the parse always succeeds.
        _ = TestContentNames.TryParse(reader.ReadString("content", TestContentNames.Of(TestContent.Pattern), [.. TestContentNames.All]), out var content);
        if (width % 2 != 0)
        {
            reader.AddError("width", $"must be even (4:2:0 video), got {width}");
        }

        if (height % 2 != 0)
        {
            reader.AddError("height", $"must be even (4:2:0 video), got {height}");
        }

        return (reader.IsValid ? new TestPatternOptions(width, height, fps, content) : null, reader.Errors);
    }
}
