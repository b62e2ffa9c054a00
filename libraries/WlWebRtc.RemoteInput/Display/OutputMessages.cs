using System.Buffers;
using System.Text.Json;
using WlWebRtc.Capture;

namespace WlWebRtc.RemoteInput.Display;

/// <summary>The server's output messages on the input channel (docs/input-protocol.md, "Several outputs").</summary>
public static class OutputMessages
{
    /// <summary>
    /// <c>{"t":"outputs","list":[{"name":…,"x":…,"y":…,"w":…,"h":…,"scale":…}…],"current":…,"canSelect":…}</c> (and
    /// <c>"error"</c> when the last switch failed): the desktop's outputs, the one watched (null when unknown), and
    /// whether this viewer may switch. A window the source offers next to the outputs carries <c>"window":title</c>.
    /// </summary>
    public static ReadOnlyMemory<byte> List(IReadOnlyList<DesktopOutput> outputs, string? current, bool canSelect, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var buffer = new ArrayBufferWriter<byte>(128 + (outputs.Count * 96));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, "outputs"u8);
            writer.WriteStartArray("list"u8);
            foreach (var output in outputs)
            {
                writer.WriteStartObject();
                writer.WriteString("name"u8, output.Name);
                writer.WriteNumber("x"u8, output.X);
                writer.WriteNumber("y"u8, output.Y);
                writer.WriteNumber("w"u8, output.Width);
                writer.WriteNumber("h"u8, output.Height);
                writer.WriteNumber("scale"u8, double.IsFinite(output.Scale) ? output.Scale : 1);
                if (output.WindowTitle is { } title)
                {
                    writer.WriteString("window"u8, title);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            if (current is null)
            {
                writer.WriteNull("current"u8);
            }
            else
            {
                writer.WriteString("current"u8, current);
            }

            writer.WriteBoolean("canSelect"u8, canSelect);
            if (error is not null)
            {
                writer.WriteString("error"u8, error);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
