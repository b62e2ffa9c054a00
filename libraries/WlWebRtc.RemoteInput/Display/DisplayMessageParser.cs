using System.Text.Json;

namespace WlWebRtc.RemoteInput.Display;

/// <summary>
/// Recognises the display messages of the input channel (docs/input-protocol.md: <c>vs</c>, the viewer's stage size)
/// before the input router sees a message. Reads one JSON object with a <see cref="Utf8JsonReader"/>; fields of the
/// wrong JSON type or given twice make the message invalid, unknown fields are skipped. Never throws.
/// </summary>
public static class DisplayMessageParser
{
    /// <summary>The largest stage side accepted, in CSS pixels.</summary>
    public const int MaxStageSide = 16_384;

    /// <summary>The smallest devicePixelRatio accepted (browsers zoomed far out go down to about 0.25).</summary>
    public const double MinPixelRatio = 0.25;

    /// <summary>The largest devicePixelRatio accepted.</summary>
    public const double MaxPixelRatio = 8;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow };

    [Flags]
    private enum Fields
    {
        None = 0,
        T = 1,
        W = 2,
        H = 4,
        R = 8,
    }

    /// <summary>Whether <paramref name="utf8Json"/> is a display message, and if it is a valid size report, the size.</summary>
    public static DisplayMessageKind Parse(ReadOnlySpan<byte> utf8Json, out ViewerSize size)
    {
        size = default;
        var raw = default(Raw);
        try
        {
            if (!TryRead(utf8Json, ref raw))
            {
                return raw.IsSize ? DisplayMessageKind.Invalid : DisplayMessageKind.NotDisplay;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // not JSON (the input router counts it as malformed), unless it had already claimed to be a size report
            return raw.IsSize ? DisplayMessageKind.Invalid : DisplayMessageKind.NotDisplay;
        }

        if (!raw.IsSize)
        {
            return DisplayMessageKind.NotDisplay;
        }

        if (utf8Json.Length > Protocol.InputMessageParser.MaxMessageBytes
            || raw.Seen != (Fields.T | Fields.W | Fields.H | Fields.R)
            || !IsSide(raw.W) || !IsSide(raw.H)
            || !double.IsFinite(raw.R) || raw.R < MinPixelRatio || raw.R > MaxPixelRatio)
        {
            return DisplayMessageKind.Invalid;
        }

        size = new ViewerSize((int)raw.W, (int)raw.H, raw.R);
        return DisplayMessageKind.ViewerSize;
    }

    private static bool IsSide(double value) => double.IsFinite(value) && Math.Floor(value) == value && value >= 1 && value <= MaxStageSide;

    /// <summary>Reads the object; false when it is not a well-formed object (then <c>raw.IsSize</c> says whether it claimed to be <c>vs</c>).</summary>
    private static bool TryRead(ReadOnlySpan<byte> utf8Json, ref Raw raw)
    {
        if (utf8Json.Length > Protocol.InputMessageParser.MaxMessageBytes * 4)
        {
            return false; // far beyond any message: not worth reading (the router drops it as too large)
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return !reader.Read();
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            var field = reader.ValueIsEscaped ? Fields.None : reader.ValueSpan switch
            {
                [(byte)'t'] => Fields.T,
                [(byte)'w'] => Fields.W,
                [(byte)'h'] => Fields.H,
                [(byte)'r'] => Fields.R,
                _ => Fields.None,
            };
            if (!reader.Read())
            {
                return false;
            }

            if (field == Fields.None)
            {
                reader.Skip();
                continue;
            }

            if ((raw.Seen & field) != 0)
            {
                return false;
            }

            raw.Seen |= field;
            if (field == Fields.T)
            {
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                raw.IsSize = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("vs"u8);
                if (!raw.IsSize)
                {
                    return false; // another type: the router's
                }

                continue;
            }

            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var number))
            {
                return false;
            }

            switch (field)
            {
                case Fields.W: raw.W = number; break;
                case Fields.H: raw.H = number; break;
                default: raw.R = number; break;
            }
        }

        return false;
    }

    private struct Raw
    {
        public Fields Seen;
        public bool IsSize;
        public double W;
        public double H;
        public double R;
    }
}
