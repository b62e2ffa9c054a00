using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>
/// Parses and validates one viewer message on the clipboard channel (a JSON object with a type field <c>t</c>) with a
/// <see cref="Utf8JsonReader"/>: fields of the wrong JSON type or repeated are malformed, unknown fields are skipped,
/// ids and sizes must be whole numbers in range, <c>d</c> strict base64 of at most one chunk. Never throws.
/// </summary>
internal static class ClipboardMessageParser
{
    public const long MaxId = 1L << 53; // exact in a JavaScript number

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 4, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>The largest message a viewer may send: one chunk's base64 and room for the other fields.</summary>
    public static int MaxMessageBytes(int chunkBytes) => Base64.GetMaxEncodedToUtf8Length(chunkBytes) + 256;

    public static bool TryParse(ReadOnlySpan<byte> utf8Json, int chunkBytes, out ClipboardMessage message, out ClipboardDropReason reason)
    {
        message = default;
        if (utf8Json.Length > MaxMessageBytes(chunkBytes))
        {
            reason = ClipboardDropReason.TooLarge;
            return false;
        }

        try
        {
            return TryRead(utf8Json, chunkBytes, out message, out reason);
        }
        catch (JsonException)
        {
            reason = ClipboardDropReason.Malformed;
            return false;
        }
        catch (InvalidOperationException)
        {
            reason = ClipboardDropReason.Malformed; // a value of another JSON type than the field's, invalid UTF-8
            return false;
        }
        catch (FormatException)
        {
            reason = ClipboardDropReason.Malformed;
            return false;
        }
    }

    private static bool TryRead(ReadOnlySpan<byte> utf8Json, int chunkBytes, out ClipboardMessage message, out ClipboardDropReason reason)
    {
        message = default;
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            reason = ClipboardDropReason.Malformed;
            return false;
        }

        string? type = null;
        string? mime = null;
        double? id = null;
        double? size = null;
        byte[]? data = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var malformed = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString()!;
            reader.Read();
            if (name is "t" or "mime" or "id" or "size" or "d" && !seen.Add(name))
            {
                malformed = true;
            }

            switch (name)
            {
                case "t":
                    type = reader.TokenType == JsonTokenType.String ? reader.GetString() : Fail<string?>(ref malformed);
                    break;
                case "mime":
                    mime = reader.TokenType == JsonTokenType.String && reader.ValueSpan.Length <= ClipboardMimeTypes.MaxNameLength * 6 ? reader.GetString() : Fail<string?>(ref malformed);
                    break;
                case "id":
                    id = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : Fail<double?>(ref malformed);
                    break;
                case "size":
                    size = reader.TokenType == JsonTokenType.Number ? reader.GetDouble() : Fail<double?>(ref malformed);
                    break;
                case "d":
                    data = reader.TokenType == JsonTokenType.String ? DecodeChunk(ref reader, chunkBytes, ref malformed) : Fail<byte[]?>(ref malformed);
                    break;
                default:
                    break;
            }

            reader.Skip(); // an unknown field's value, or a known one of the wrong type (an object or array)
        }

        if (malformed || reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            reason = ClipboardDropReason.Malformed;
            return false;
        }

        return Validate(type, mime, id, size, data, out message, out reason);
    }

    private static bool Validate(string? type, string? mime, double? id, double? size, byte[]? data, out ClipboardMessage message, out ClipboardDropReason reason)
    {
        message = default;
        if (type is null)
        {
            reason = ClipboardDropReason.MissingField;
            return false;
        }

        if (type is not ("begin" or "chunk"))
        {
            reason = ClipboardDropReason.UnknownType;
            return false;
        }

        if (id is not { } idValue)
        {
            reason = ClipboardDropReason.MissingField;
            return false;
        }

        if (!IsWhole(idValue, 0, MaxId))
        {
            reason = ClipboardDropReason.OutOfRange;
            return false;
        }

        if (type == "chunk")
        {
            if (data is null)
            {
                reason = ClipboardDropReason.MissingField;
                return false;
            }

            message = new ClipboardMessage(ClipboardMessageType.Chunk, (long)idValue, null, data.Length, data);
            reason = default;
            return true;
        }

        if (mime is null || size is not { } sizeValue)
        {
            reason = ClipboardDropReason.MissingField;
            return false;
        }

        if (!IsWhole(sizeValue, 0, int.MaxValue))
        {
            reason = ClipboardDropReason.OutOfRange;
            return false;
        }

        message = new ClipboardMessage(ClipboardMessageType.Begin, (long)idValue, mime, (int)sizeValue, null);
        reason = default;
        return true;
    }

    private static bool IsWhole(double value, double min, double max) => double.IsFinite(value) && value == Math.Floor(value) && value >= min && value <= max;

    /// <summary>Strict base64 of at most <paramref name="chunkBytes"/> bytes; anything else marks the message malformed.</summary>
    private static byte[]? DecodeChunk(ref Utf8JsonReader reader, int chunkBytes, ref bool malformed)
    {
        if (reader.HasValueSequence || reader.ValueIsEscaped || reader.ValueSpan.Length > Base64.GetMaxEncodedToUtf8Length(chunkBytes))
        {
            malformed = true;
            return null;
        }

        var encoded = reader.ValueSpan;
        var decoded = new byte[Base64.GetMaxDecodedFromUtf8Length(encoded.Length)];
        if (Base64.DecodeFromUtf8(encoded, decoded, out var consumed, out var written) != OperationStatus.Done || consumed != encoded.Length || written > chunkBytes)
        {
            malformed = true;
            return null;
        }

        return decoded.AsSpan(0, written).ToArray();
    }

    private static T Fail<T>(ref bool malformed)
    {
        malformed = true;
        return default!;
    }
}
