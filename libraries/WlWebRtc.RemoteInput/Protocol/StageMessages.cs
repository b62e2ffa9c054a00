using System.Buffers;
using System.Text.Json;

namespace WlWebRtc.RemoteInput.Protocol;

/// <summary>
/// The server's per-stage latency for a viewer's statistics overlay (docs/input-protocol.md, "Server → viewer:
/// stages"): <c>{"t":"stages","capture":…,"convert":…,"encode":…,"send":…,"pacing":…}</c>, each in milliseconds, a
/// stage left out while it has no samples; or <c>{"t":"stages","idle":…}</c> when no new frame was encoded for a while
/// (a static screen), so the overlay does not show old frames' stages as current. Small (under 128 bytes), sent about
/// once a second.
/// </summary>
public static class StageMessages
{
    /// <summary>The message for <paramref name="stages"/>; values are rounded to 0.01 ms, negative or non-finite ones left out.</summary>
    public static ReadOnlyMemory<byte> Stages(ServerStages stages)
    {
        ArgumentNullException.ThrowIfNull(stages);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("t"u8, "stages"u8);
            if (stages.IdleMilliseconds is { } idle && double.IsFinite(idle) && idle >= 0)
            {
                // Idle: the stages of the last frames encoded are not those of now, so none is sent.
                writer.WriteNumber("idle"u8, Math.Round(idle));
            }
            else
            {
                Write(writer, "capture"u8, stages.CaptureMilliseconds);
                Write(writer, "convert"u8, stages.ConvertMilliseconds);
                Write(writer, "encode"u8, stages.EncodeMilliseconds);
                Write(writer, "send"u8, stages.SendMilliseconds);
                Write(writer, "pacing"u8, stages.PacingMilliseconds);
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenMemory;
    }

    private static void Write(Utf8JsonWriter writer, ReadOnlySpan<byte> name, double? milliseconds)
    {
        if (milliseconds is { } value && double.IsFinite(value) && value >= 0)
        {
            writer.WriteNumber(name, Math.Round(value, 2));
        }
    }
}

/// <summary>The server's stages of one viewer's frames, in milliseconds (null: no sample yet).</summary>
/// <param name="CaptureMilliseconds">From the frame's capture to the start of its encoding (waiting for the encoder included).</param>
/// <param name="ConvertMilliseconds">Colour conversion before coding.</param>
/// <param name="EncodeMilliseconds">Coding.</param>
/// <param name="SendMilliseconds">Handing the encoded frame to every viewer of its encoder.</param>
/// <param name="PacingMilliseconds">This viewer's pacing and send: from the frame queued for it to its last packet sent.</param>
public sealed record ServerStages(double? CaptureMilliseconds, double? ConvertMilliseconds, double? EncodeMilliseconds, double? SendMilliseconds, double? PacingMilliseconds)
{
    /// <summary>
    /// How long no new frame was encoded, in milliseconds, when that is long enough to call the stream idle (a static
    /// screen): the message then carries this instead of the stages. Null while frames come.
    /// </summary>
    public double? IdleMilliseconds { get; init; }

    /// <summary>Whether any stage has a value, or the stream is idle (a message with neither is not worth sending).</summary>
    public bool HasAny => CaptureMilliseconds is not null || ConvertMilliseconds is not null || EncodeMilliseconds is not null
        || SendMilliseconds is not null || PacingMilliseconds is not null || IdleMilliseconds is not null;

    /// <summary>An idle stream's report: no new frame for <paramref name="sinceNewFrame"/>.</summary>
    public static ServerStages Idle(TimeSpan sinceNewFrame) => new(null, null, null, null, null) { IdleMilliseconds = sinceNewFrame.TotalMilliseconds };
}
