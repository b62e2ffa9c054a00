using System.Text.Json;

namespace WlWebRtc.RemoteInput.Display;

/// <summary>
/// Recognises <c>{"t":"so","name":"HEADLESS-2"}</c> on the input channel (docs/input-protocol.md, "Several outputs"):
/// the viewer asks to watch another output. One JSON object read with a <see cref="Utf8JsonReader"/>; a field of the
/// wrong type or given twice, trailing data, a name that is empty, longer than <see cref="MaxNameLength"/> or holds a
/// control character make it invalid; unknown fields are skipped. Never throws.
/// </summary>
public static class OutputMessageParser
{
    /// <summary>The longest output name accepted.</summary>
    public const int MaxNameLength = 64;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Whether <paramref name="utf8Json"/> is an output message, and if it is a valid one, the output's name.</summary>
    public static OutputMessageKind Parse(ReadOnlySpan<byte> utf8Json, out string? name)
    {
        name = null;
        var claimed = false;
        string? value = null;
        bool complete;
        try
        {
            complete = TryRead(utf8Json, ref claimed, ref value);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            complete = false;
        }

        if (!claimed)
        {
            return OutputMessageKind.NotOutput;
        }

        if (!complete || utf8Json.Length > Protocol.InputMessageParser.MaxMessageBytes || !IsName(value))
        {
            return OutputMessageKind.Invalid;
        }

        name = value;
        return OutputMessageKind.Select;
    }

    private static bool IsName(string? value) =>
        value is { Length: > 0 and <= MaxNameLength } && !value.Any(char.IsControl);

    /// <summary>Reads the object; false when it is not a well-formed one. <paramref name="claimed"/>: its <c>t</c> was <c>so</c>.</summary>
    private static bool TryRead(ReadOnlySpan<byte> utf8Json, ref bool claimed, ref string? name)
    {
        if (utf8Json.Length > Protocol.InputMessageParser.MaxMessageBytes * 4)
        {
            return false; // far beyond any message: the router drops it as too large
        }

        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        var sawType = false;
        var sawName = false;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return !reader.Read() && sawType;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                return false;
            }

            var isType = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("t"u8);
            var isName = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("name"u8);
            if (!reader.Read())
            {
                return false;
            }

            if (isType)
            {
                if (sawType || reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                sawType = true;
                claimed = !reader.ValueIsEscaped && reader.ValueSpan.SequenceEqual("so"u8);
                if (!claimed)
                {
                    return false; // another type: not ours
                }
            }
            else if (isName)
            {
                if (sawName || reader.TokenType != JsonTokenType.String || reader.ValueSpan.Length > MaxNameLength * 6)
                {
                    return false;
                }

                sawName = true;
                name = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        return false;
    }
}
