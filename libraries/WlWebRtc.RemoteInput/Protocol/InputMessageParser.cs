using System.Text.Json;
using WlWebRtc.RemoteInput.Mapping;

namespace WlWebRtc.RemoteInput.Protocol;

/// <summary>
/// Parses and validates one viewer message (one JSON object with a type field <c>t</c>) with a
/// <see cref="Utf8JsonReader"/>: fields of the wrong JSON type or repeated are malformed, unknown fields are skipped,
/// numbers must be finite and in range, key codes and buttons must be known. Never throws.
/// </summary>
internal static class InputMessageParser
{
    public const int MaxMessageBytes = 1024;
    public const double MaxRelativeDelta = 10_000;
    public const double MaxWheelDelta = 100_000;
    public const long MaxPingId = 1L << 53; // exact in a JavaScript number

    /// <summary>Touch slots a viewer may use at once (fingers): <c>id</c> 0 up to this, exclusive.</summary>
    public const int MaxTouchSlots = 10;

    /// <summary>The longest <c>k</c> (a DOM key value: one character or a key name) in UTF-16 code units.</summary>
    public const int MaxKeyLength = 32;

    /// <summary>The longest <c>tx</c> text in UTF-16 code units (the 1024-byte message holds it even when escaped).</summary>
    public const int MaxTextLength = 160;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow };

    [Flags]
    private enum Fields
    {
        None = 0,
        T = 1 << 0,
        X = 1 << 1,
        Y = 1 << 2,
        Dx = 1 << 3,
        Dy = 1 << 4,
        B = 1 << 5,
        D = 1 << 6,
        M = 1 << 7,
        C = 1 << 8,
        Id = 1 << 9,
        Ts = 1 << 10,
        K = 1 << 11,
        S = 1 << 12,
        L = 1 << 13,
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out InputMessage message, out DropReason reason)
    {
        message = default;
        if (utf8Json.Length > MaxMessageBytes)
        {
            reason = DropReason.TooLarge;
            return false;
        }

        RawFields raw;
        try
        {
            if (!TryRead(utf8Json, out raw))
            {
                reason = DropReason.Malformed;
                return false;
            }
        }
        catch (JsonException)
        {
            reason = DropReason.Malformed;
            return false;
        }
        catch (InvalidOperationException)
        {
            reason = DropReason.Malformed; // e.g. a string with invalid UTF-8
            return false;
        }

        return Validate(raw, out message, out reason);
    }

    private static bool Validate(in RawFields raw, out InputMessage message, out DropReason reason)
    {
        message = default;
        if (raw.Type is not { } type)
        {
            reason = (raw.Seen & Fields.T) == 0 ? DropReason.MissingField : DropReason.UnknownType;
            return false;
        }

        switch (type)
        {
            case InputMessageType.PointerMove:
                if (!Require(raw, Fields.X | Fields.Y, out reason))
                {
                    return false;
                }

                if (!InRange(raw.X, 0, 1) || !InRange(raw.Y, 0, 1))
                {
                    reason = DropReason.OutOfRange;
                    return false;
                }

                message = new InputMessage(type, raw.X, raw.Y, 0, false, 0, 0, 0);
                return true;

            case InputMessageType.PointerRelative:
                if (!Require(raw, Fields.Dx | Fields.Dy, out reason))
                {
                    return false;
                }

                if (!InRange(raw.Dx, -MaxRelativeDelta, MaxRelativeDelta) || !InRange(raw.Dy, -MaxRelativeDelta, MaxRelativeDelta))
                {
                    reason = DropReason.OutOfRange;
                    return false;
                }

                message = new InputMessage(type, raw.Dx, raw.Dy, 0, false, 0, 0, 0);
                return true;

            case InputMessageType.Wheel:
                if (!Require(raw, Fields.Dx | Fields.Dy, out reason))
                {
                    return false;
                }

                var mode = (raw.Seen & Fields.M) != 0 ? raw.M : 0;
                if (!InRange(raw.Dx, -MaxWheelDelta, MaxWheelDelta) || !InRange(raw.Dy, -MaxWheelDelta, MaxWheelDelta) || mode is < 0 or > 2)
                {
                    reason = DropReason.OutOfRange;
                    return false;
                }

                message = new InputMessage(type, raw.Dx, raw.Dy, 0, false, (int)mode, 0, 0);
                return true;

            case InputMessageType.PointerButton:
                if (!Require(raw, Fields.B | Fields.D, out reason))
                {
                    return false;
                }

                if (raw.B is < int.MinValue or > int.MaxValue || !DomButtons.TryGetEvdev((int)raw.B, out var button))
                {
                    reason = DropReason.UnknownCode;
                    return false;
                }

                message = new InputMessage(type, 0, 0, button, raw.D, 0, 0, 0);
                return true;

            case InputMessageType.Key:
                if (!Require(raw, Fields.C | Fields.D, out reason))
                {
                    return false;
                }

                if (raw.C is null || !DomKeyCodes.TryGetEvdev(raw.C, out var key))
                {
                    reason = DropReason.UnknownCode;
                    return false;
                }

                if ((raw.Seen & Fields.K) != 0 && !KeyText.IsValidKey(raw.K))
                {
                    reason = DropReason.OutOfRange;
                    return false;
                }

                message = new InputMessage(type, 0, 0, key, raw.D, 0, 0, 0) { Text = raw.K };
                return true;

            case InputMessageType.Text:
                if (!Require(raw, Fields.S, out reason))
                {
                    return false;
                }

                if (!KeyText.IsValidText(raw.S, MaxTextLength))
                {
                    reason = DropReason.OutOfRange;
                    return false;
                }

                message = new InputMessage(type, 0, 0, 0, false, 0, 0, 0) { Text = raw.S };
                return true;

            case InputMessageType.KeyboardLayout:
                if (!Require(raw, Fields.L, out reason))
                {
                    return false;
                }

                // empty: the viewer does not know its layout
                if (raw.L is not { } layout || (layout.Length > 0 && !KeyboardLayoutName.TryParse(layout, out _, out _)))
                {
                    reason = DropReason.OutOfRange;
                    return false;
                }

                message = new InputMessage(type, 0, 0, 0, false, 0, 0, 0) { Text = layout };
                return true;

            case InputMessageType.TouchDown:
            case InputMessageType.TouchMotion:
            case InputMessageType.TouchUp:
                return ValidateTouch(raw, type, out message, out reason);

            case InputMessageType.ReleaseAll:
                message = new InputMessage(type, 0, 0, 0, false, 0, 0, 0);
                reason = default;
                return true;

            case InputMessageType.Ping:
            case InputMessageType.Pong:
                if (!Require(raw, Fields.Id | Fields.Ts, out reason))
                {
                    return false;
                }

                if (!double.IsFinite(raw.IdNumber) || Math.Abs(raw.IdNumber) > MaxPingId || Math.Floor(raw.IdNumber) != raw.IdNumber || !double.IsFinite(raw.Ts))
                {
                    reason = DropReason.OutOfRange;
                    return false;
                }

                message = new InputMessage(type, 0, 0, 0, false, 0, (long)raw.IdNumber, raw.Ts);
                return true;

            default:
                reason = DropReason.UnknownType;
                return false;
        }
    }

    /// <summary><c>td</c>/<c>tm</c>: <c>id</c> (slot), <c>x</c>, <c>y</c> (0..1); <c>tu</c>: <c>id</c>.</summary>
    private static bool ValidateTouch(in RawFields raw, InputMessageType type, out InputMessage message, out DropReason reason)
    {
        message = default;
        if (!Require(raw, type == InputMessageType.TouchUp ? Fields.Id : Fields.Id | Fields.X | Fields.Y, out reason))
        {
            return false;
        }

        var slot = raw.IdNumber;
        if (!InRange(slot, 0, MaxTouchSlots - 1) || Math.Floor(slot) != slot
            || (type != InputMessageType.TouchUp && (!InRange(raw.X, 0, 1) || !InRange(raw.Y, 0, 1))))
        {
            reason = DropReason.OutOfRange;
            return false;
        }

        message = type == InputMessageType.TouchUp
            ? new InputMessage(type, 0, 0, (int)slot, false, 0, 0, 0)
            : new InputMessage(type, raw.X, raw.Y, (int)slot, type == InputMessageType.TouchDown, 0, 0, 0);
        return true;
    }

    private static bool Require(in RawFields raw, Fields required, out DropReason reason)
    {
        reason = DropReason.MissingField;
        return (raw.Seen & required) == required;
    }

    private static bool InRange(double value, double min, double max) => double.IsFinite(value) && value >= min && value <= max;

    private static bool TryRead(ReadOnlySpan<byte> utf8Json, out RawFields raw)
    {
        raw = default;
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (true)
        {
            if (!reader.Read())
            {
                return false;
            }

            if (reader.TokenType == JsonTokenType.EndObject)
            {
                break;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            var field = FieldOf(ref reader);
            if (!reader.Read())
            {
                return false;
            }

            if (field == Fields.None)
            {
                reader.Skip(); // an unknown field: tolerated (a newer viewer), its value skipped
                continue;
            }

            if ((raw.Seen & field) != 0)
            {
                return false;
            }

            raw.Seen |= field;
            if (!ReadValue(ref reader, field, ref raw))
            {
                return false;
            }
        }

        // nothing but whitespace may follow the object (the reader throws on anything else)
        return !reader.Read();
    }

    private static Fields FieldOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped || reader.ValueSpan.Length > 2)
        {
            return Fields.None;
        }

        return reader.ValueSpan switch
        {
            [(byte)'t'] => Fields.T,
            [(byte)'x'] => Fields.X,
            [(byte)'y'] => Fields.Y,
            [(byte)'b'] => Fields.B,
            [(byte)'d'] => Fields.D,
            [(byte)'m'] => Fields.M,
            [(byte)'c'] => Fields.C,
            [(byte)'k'] => Fields.K,
            [(byte)'s'] => Fields.S,
            [(byte)'l'] => Fields.L,
            [(byte)'d', (byte)'x'] => Fields.Dx,
            [(byte)'d', (byte)'y'] => Fields.Dy,
            [(byte)'i', (byte)'d'] => Fields.Id,
            [(byte)'t', (byte)'s'] => Fields.Ts,
            _ => Fields.None,
        };
    }

    private static bool ReadValue(ref Utf8JsonReader reader, Fields field, ref RawFields raw)
    {
        switch (field)
        {
            case Fields.T:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                raw.Type = TypeOf(ref reader);
                return true;
            case Fields.C:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                // an over-long code is unknown; it is not turned into a string
                raw.C = reader.ValueSpan.Length <= DomKeyCodes.MaxCodeLength * 6 ? reader.GetString() : null;
                if (raw.C is { Length: > DomKeyCodes.MaxCodeLength })
                {
                    raw.C = null;
                }

                return true;
            case Fields.K:
            case Fields.S:
            case Fields.L:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                // longer than any accepted value: out of range, and not turned into a string
                var limit = field == Fields.S ? MaxTextLength : field == Fields.K ? MaxKeyLength : KeyboardLayoutName.MaxLength;
                var text = reader.ValueSpan.Length <= limit * 6 ? reader.GetString() : null;
                text = text is { Length: var length } && length <= limit ? text : null;
                switch (field)
                {
                    case Fields.K: raw.K = text; break;
                    case Fields.S: raw.S = text; break;
                    default: raw.L = text; break;
                }

                return true;
            case Fields.D:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return false;
                }

                raw.D = reader.GetBoolean();
                return true;
            default:
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var number))
                {
                    return false;
                }

                switch (field)
                {
                    case Fields.X: raw.X = number; break;
                    case Fields.Y: raw.Y = number; break;
                    case Fields.Dx: raw.Dx = number; break;
                    case Fields.Dy: raw.Dy = number; break;
                    case Fields.Id: raw.IdNumber = number; break;
                    case Fields.Ts: raw.Ts = number; break;
                    case Fields.B: raw.B = Whole(number); break;
                    case Fields.M: raw.M = Whole(number); break;
                    default: return false;
                }

                return true;
        }
    }

    /// <summary>An integral number, or one that no range accepts.</summary>
    private static long Whole(double number) =>
        double.IsFinite(number) && Math.Floor(number) == number && Math.Abs(number) < int.MaxValue ? (long)number : long.MinValue;

    private static InputMessageType? TypeOf(ref Utf8JsonReader reader)
    {
        if (reader.ValueIsEscaped)
        {
            return null;
        }

        return reader.ValueSpan switch
        {
            [(byte)'p', (byte)'m'] => InputMessageType.PointerMove,
            [(byte)'p', (byte)'r'] => InputMessageType.PointerRelative,
            [(byte)'p', (byte)'b'] => InputMessageType.PointerButton,
            [(byte)'p', (byte)'w'] => InputMessageType.Wheel,
            [(byte)'k'] => InputMessageType.Key,
            [(byte)'r', (byte)'a'] => InputMessageType.ReleaseAll,
            [(byte)'t', (byte)'x'] => InputMessageType.Text,
            [(byte)'k', (byte)'l'] => InputMessageType.KeyboardLayout,
            [(byte)'t', (byte)'d'] => InputMessageType.TouchDown,
            [(byte)'t', (byte)'m'] => InputMessageType.TouchMotion,
            [(byte)'t', (byte)'u'] => InputMessageType.TouchUp,
            [(byte)'p', (byte)'i', (byte)'n', (byte)'g'] => InputMessageType.Ping,
            [(byte)'p', (byte)'o', (byte)'n', (byte)'g'] => InputMessageType.Pong,
            _ => null,
        };
    }

    private struct RawFields
    {
        public Fields Seen;
        public InputMessageType? Type;
        public double X;
        public double Y;
        public double Dx;
        public double Dy;
        public long B;
        public bool D;
        public long M;
        public string? C;
        public string? K;
        public string? S;
        public string? L;
        public double IdNumber;
        public double Ts;
    }
}
