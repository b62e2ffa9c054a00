using System.Buffers;
using System.Text.Json;

namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>The messages the server sends on the clipboard channel (docs/clipboard-protocol.md), written by <see cref="Utf8JsonWriter"/>.</summary>
internal static class ClipboardMessages
{
    /// <summary><c>{"t":"config","direction":…,"max":…}</c>: what this viewer may do, sent when its channel opens.</summary>
    public static ReadOnlyMemory<byte> Config(ClipboardDirection direction, int maxBytes) => Write(writer =>
    {
        writer.WriteString("t"u8, "config"u8);
        writer.WriteString("direction"u8, direction.Name());
        writer.WriteNumber("max"u8, maxBytes);
    });

    /// <summary><c>{"t":"begin","id":…,"mime":…,"size":…}</c>: a desktop selection follows in <c>chunk</c> messages.</summary>
    public static ReadOnlyMemory<byte> Begin(long id, string mimeType, int size) => Write(writer =>
    {
        writer.WriteString("t"u8, "begin"u8);
        writer.WriteNumber("id"u8, id);
        writer.WriteString("mime"u8, mimeType);
        writer.WriteNumber("size"u8, size);
    });

    /// <summary><c>{"t":"chunk","id":…,"d":base64}</c>.</summary>
    public static ReadOnlyMemory<byte> Chunk(long id, ReadOnlySpan<byte> data)
    {
        var buffer = new ArrayBufferWriter<byte>(data.Length * 4 / 3 + 64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, "chunk"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteBase64String("d"u8, data);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary><c>{"t":"set","id":…}</c>: the viewer's item is now the desktop's selection.</summary>
    public static ReadOnlyMemory<byte> Set(long id) => Write(writer =>
    {
        writer.WriteString("t"u8, "set"u8);
        writer.WriteNumber("id"u8, id);
    });

    /// <summary><c>{"t":"error","message":…}</c>, with the item's <c>id</c> when it concerns one.</summary>
    public static ReadOnlyMemory<byte> Error(ClipboardDropReason reason, long? id) => Write(writer =>
    {
        writer.WriteString("t"u8, "error"u8);
        if (id is { } value)
        {
            writer.WriteNumber("id"u8, value);
        }

        writer.WriteString("message"u8, Describe(reason));
    });

    public static string Describe(ClipboardDropReason reason) => reason switch
    {
        ClipboardDropReason.Malformed => "malformed message",
        ClipboardDropReason.TooLarge => "clipboard item too large",
        ClipboardDropReason.UnknownType => "unknown message type",
        ClipboardDropReason.MissingField => "a required field is missing",
        ClipboardDropReason.OutOfRange => "a value is out of range",
        ClipboardDropReason.UnsupportedType => "unsupported clipboard type (text/plain or image/png)",
        ClipboardDropReason.NotControl => "the clipboard needs the control role",
        ClipboardDropReason.DirectionOff => "the clipboard does not go this way",
        ClipboardDropReason.RateLimited => "too many clipboard messages: rate-limited",
        ClipboardDropReason.OutOfSequence => "chunk of no item in progress, or past its size",
        ClipboardDropReason.InvalidContent => "content is not what its type says",
        ClipboardDropReason.DesktopFailed => "the desktop did not take the clipboard item",
        _ => reason.ToString(),
    };

    private static ReadOnlyMemory<byte> Write(Action<Utf8JsonWriter> fields)
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            fields(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
