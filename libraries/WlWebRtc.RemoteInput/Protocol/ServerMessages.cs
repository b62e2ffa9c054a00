using System.Buffers;
using System.Text.Json;
using WlWebRtc.Signaling;

namespace WlWebRtc.RemoteInput.Protocol;

/// <summary>
/// The messages the server sends on the input channel (docs/input-protocol.md: <c>role</c>, <c>error</c>, <c>pong</c>),
/// each one JSON object written by <see cref="Utf8JsonWriter"/>, so that every string is escaped as JSON requires
/// whatever it holds.
/// </summary>
public static class ServerMessages
{
    /// <summary>
    /// <c>{"t":"role","role":"control"}</c> for <see cref="ViewerRole.Control"/>, <c>{"t":"role","role":"view"}</c> for
    /// any other value: a role this protocol does not know grants no control.
    /// </summary>
    public static ReadOnlyMemory<byte> Role(ViewerRole role) => Event("role", "role", role == ViewerRole.Control ? "control" : "view");

    /// <summary>
    /// The role as <see cref="Role(ViewerRole)"/>, with <c>"touch":true</c> added for the control role when
    /// <paramref name="touch"/> (the input plugin has a touchscreen): the viewer then sends its touches as touches
    /// (<c>td</c>, <c>tm</c>, <c>tu</c>) instead of emulating a mouse.
    /// </summary>
    public static ReadOnlyMemory<byte> Role(ViewerRole role, bool touch)
    {
        if (!touch || role != ViewerRole.Control)
        {
            return Role(role);
        }

        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, "role"u8);
            writer.WriteString("role"u8, "control"u8);
            writer.WriteBoolean("touch"u8, true);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary><c>{"t":"error","message":"…"}</c>: why a message of the viewer was refused.</summary>
    internal static ReadOnlyMemory<byte> Error(DropReason reason) => Event("error", "message", reason switch
    {
        DropReason.Malformed => "malformed message",
        DropReason.TooLarge => "message too large",
        DropReason.UnknownType => "unknown message type",
        DropReason.MissingField => "a required field is missing",
        DropReason.OutOfRange => "a value is out of range",
        DropReason.UnknownCode => "unknown key code or button",
        DropReason.RateLimited => "too many messages: rate-limited",
        DropReason.Redundant => "press of a held key or release of a key not held",
        _ => reason.ToString(),
    });

    /// <summary><c>{"t":"pong","id":…,"ts":…}</c>: the answer to a viewer's <c>ping</c>, with its id and timestamp.</summary>
    internal static ReadOnlyMemory<byte> Pong(long id, double timestamp)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, "pong"u8);
            writer.WriteNumber("id"u8, id);
            writer.WriteNumber("ts"u8, timestamp);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    /// <summary>A server event with one string field: <c>{"t":type,field:value}</c>.</summary>
    internal static ReadOnlyMemory<byte> Event(string type, string field, string value)
    {
        var buffer = new ArrayBufferWriter<byte>(96);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, type);
            writer.WriteString(field, value);
            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }
}
