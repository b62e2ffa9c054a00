using System.Text.Json;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.WebSocket.Protocol;

/// <summary>Parses a viewer's JSON message; anything malformed is a <see cref="ProtocolException"/> saying what.</summary>
internal static class ClientMessageParser
{
    /// <summary>Longest candidate line accepted (browsers send ~150 characters).</summary>
    public const int MaxCandidateLength = 1024;

    private const int MaxTokenLength = 512;
    private const int MaxMidLength = 64;
    private const int MaxMLineIndex = 255;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 4 };

    public static ClientMessage Parse(ReadOnlyMemory<byte> utf8)
    {
        if (!System.Text.Unicode.Utf8.IsValid(utf8.Span))
        {
            throw new ProtocolException(ErrorCodes.BadMessage, "not valid UTF-8 text");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8, DocumentOptions);
        }
        catch (JsonException ex)
        {
            throw new ProtocolException(ErrorCodes.BadMessage, $"not valid JSON: {ex.Message}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ProtocolException(ErrorCodes.BadMessage, "a message must be a JSON object");
            }

            var type = RequiredString(root, "type", 32);
            return type switch
            {
                "auth" => new AuthMessage(RequiredString(root, "token", MaxTokenLength)),
                "offer" => new OfferMessage(RequiredString(root, "sdp", int.MaxValue)),
                "restart-ice" => new RestartIceMessage(RequiredString(root, "sdp", int.MaxValue)),
                "candidate" => new CandidateMessage(ReadCandidate(root)),
                "end-of-candidates" => new CandidateMessage(null),
                "bye" => new ByeMessage(),
                "ping" => new PingMessage(OptionalInteger(root, "id") ?? 0),
                _ => throw new ProtocolException(ErrorCodes.BadMessage, $"unknown message type '{Truncate(type)}'"),
            };
        }
    }

    private static IceCandidate? ReadCandidate(JsonElement root)
    {
        if (!root.TryGetProperty("candidate", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolException(ErrorCodes.BadMessage, "'candidate' must be a string or null");
        }

        var candidate = value.GetString()!;
        if (candidate.Length == 0)
        {
            // Browsers signal the end of gathering with an empty candidate.
            return null;
        }

        if (candidate.Length > MaxCandidateLength)
        {
            throw new ProtocolException(ErrorCodes.BadMessage, $"'candidate' is longer than {MaxCandidateLength} characters");
        }

        if (!candidate.StartsWith("candidate:", StringComparison.Ordinal))
        {
            throw new ProtocolException(ErrorCodes.BadMessage, "'candidate' must start with 'candidate:'");
        }

        var mid = OptionalString(root, "sdpMid", MaxMidLength);
        var index = OptionalInteger(root, "sdpMLineIndex");
        if (index is < 0 or > MaxMLineIndex)
        {
            throw new ProtocolException(ErrorCodes.BadMessage, $"'sdpMLineIndex' must be between 0 and {MaxMLineIndex}");
        }

        return new IceCandidate(candidate, mid, (int?)index);
    }

    private static string RequiredString(JsonElement root, string name, int maxLength) =>
        OptionalString(root, name, maxLength) ?? throw new ProtocolException(ErrorCodes.BadMessage, $"'{name}' is missing");

    private static string? OptionalString(JsonElement root, string name, int maxLength)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            throw new ProtocolException(ErrorCodes.BadMessage, $"'{name}' must be a string");
        }

        var text = value.GetString()!;
        return text.Length > maxLength ? throw new ProtocolException(ErrorCodes.BadMessage, $"'{name}' is longer than {maxLength} characters") : text;
    }

    private static long? OptionalInteger(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number)
            ? number
            : throw new ProtocolException(ErrorCodes.BadMessage, $"'{name}' must be a whole number");
    }

    private static string Truncate(string text) => text.Length <= 32 ? text : text[..32] + "…";
}
