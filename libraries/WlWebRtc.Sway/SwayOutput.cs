using System.Text.Json;

namespace WlWebRtc.Sway;

/// <summary>One output as sway's <c>get_outputs</c> describes it (layout position and size are logical pixels).</summary>
internal sealed record SwayOutput(string Name, bool Active, bool Focused, int X, int Y, int LogicalWidth, int LogicalHeight, int ModeWidth, int ModeHeight, double Scale)
{
    /// <summary>Reads a <c>get_outputs</c> reply; throws <see cref="SwayIpcException"/> when it is not one.</summary>
    public static IReadOnlyList<SwayOutput> ParseList(ReadOnlySpan<byte> utf8Json)
    {
        try
        {
            using var document = JsonDocument.Parse(utf8Json.ToArray());
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new SwayIpcException("sway's output list is not a JSON array.");
            }

            var outputs = new List<SwayOutput>();
            foreach (var output in document.RootElement.EnumerateArray())
            {
                if (output.ValueKind != JsonValueKind.Object || !output.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                var rect = output.TryGetProperty("rect", out var r) && r.ValueKind == JsonValueKind.Object ? r : default;
                var mode = output.TryGetProperty("current_mode", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
                outputs.Add(new SwayOutput(
                    name.GetString()!,
                    Bool(output, "active"),
                    Bool(output, "focused"),
                    Int(rect, "x"),
                    Int(rect, "y"),
                    Int(rect, "width"),
                    Int(rect, "height"),
                    Int(mode, "width"),
                    Int(mode, "height"),
                    output.TryGetProperty("scale", out var scale) && scale.ValueKind == JsonValueKind.Number ? scale.GetDouble() : 1));
            }

            return outputs;
        }
        catch (JsonException ex)
        {
            throw new SwayIpcException("sway's output list is not valid JSON: " + ex.Message, ex);
        }
    }

    private static bool Bool(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static int Int(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number) ? number : 0;
}
