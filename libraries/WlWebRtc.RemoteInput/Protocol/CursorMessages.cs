using System.Buffers;
using System.Text.Json;

namespace WlWebRtc.RemoteInput.Protocol;

/// <summary>
/// The cursor messages the server sends on the input channel (docs/input-protocol.md, "Cursor"): <c>ci</c> defines an
/// image once per viewer, <c>cp</c> says which image is shown where.
/// </summary>
internal static class CursorMessages
{
    /// <summary>
    /// The largest <c>ci</c> message: 64 KiB, what every peer accepts (RFC 8841's default a=max-message-size when
    /// the peer names none). A larger image is sent at half the size until it fits.
    /// </summary>
    public const int MaxImageMessageBytes = 64 * 1024;

    /// <summary>
    /// <c>{"t":"ci","id":…,"w":…,"h":…,"hx":…,"hy":…,"s":…,"png":"base64"}</c>: image <paramref name="id"/> (never reused),
    /// its size and hotspot in image pixels, and <paramref name="scale"/> capture pixels per image pixel (1 unless the
    /// image was halved to fit).
    /// </summary>
    public static byte[] Image(long id, int width, int height, int hotspotX, int hotspotY, int scale, ReadOnlySpan<byte> png)
    {
        var buffer = new ArrayBufferWriter<byte>(128 + (png.Length * 4 / 3));
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, "ci"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteNumber("w"u8, width);
            writer.WriteNumber("h"u8, height);
            writer.WriteNumber("hx"u8, hotspotX);
            writer.WriteNumber("hy"u8, hotspotY);
            writer.WriteNumber("s"u8, scale);
            writer.WriteBase64String("png"u8, png);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// <c>{"t":"cp","id":…,"x":…,"y":…,"w":…,"h":…}</c>: image <paramref name="id"/> (0: no cursor is shown) with its
    /// hotspot at (<paramref name="x"/>, <paramref name="y"/>) in the captured frame's pixels, and that frame's size
    /// (<paramref name="width"/> × <paramref name="height"/>; left out while unknown, 0). The stream may be scaled
    /// down from the captured size (the degradation policy, an encoder tier), so the viewer places the cursor by
    /// the fraction of this size, not by the decoded video's pixels.
    /// </summary>
    public static byte[] Position(long id, int x, int y, int width = 0, int height = 0)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, "cp"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteNumber("x"u8, x);
            writer.WriteNumber("y"u8, y);
            if (width > 0 && height > 0)
            {
                writer.WriteNumber("w"u8, width);
                writer.WriteNumber("h"u8, height);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
