namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>WebSocket close codes the server uses (RFC 6455 section 7.4, the IANA registry, and the private range).</summary>
internal static class CloseCodes
{
    public const int Normal = 1000;
    public const int GoingAway = 1001;
    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;

    /// <summary>Try again later (IANA registry): authenticated, but every session slot is taken.</summary>
    public const int TryAgainLater = 1013;

    /// <summary>No valid token (4000-4999 is for applications; 4401 mirrors HTTP 401).</summary>
    public const int Unauthorized = 4401;

    /// <summary>Too many failed authentications from this address or server-wide (mirrors HTTP 429).</summary>
    public const int TooManyFailures = 4429;
}
