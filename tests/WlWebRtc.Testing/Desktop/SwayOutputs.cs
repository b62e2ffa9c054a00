using System.Text.Json;

namespace WlWebRtc.Testing.Desktop;

/// <summary>Reads <c>swaymsg -t get_outputs -r</c>.</summary>
internal static class SwayOutputs
{
    public static (int Width, int Height)? CurrentMode(string json, string outputName)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            foreach (var output in document.RootElement.EnumerateArray())
            {
                if (output.TryGetProperty("name", out var name) && name.GetString() == outputName
                    && output.TryGetProperty("current_mode", out var mode)
                    && mode.TryGetProperty("width", out var width) && mode.TryGetProperty("height", out var height))
                {
                    return (width.GetInt32(), height.GetInt32());
                }
            }
        }
        catch (JsonException)
        {
            // sway was mid-reload; the caller polls again
        }

        return null;
    }
}
