namespace WlWebRtc.Signaling.WebSocket.Protocol;

/// <summary>The <c>code</c> values of <c>error</c> messages (see PROTOCOL.md).</summary>
internal static class ErrorCodes
{
    public const string BadMessage = "bad-message";
    public const string TooLarge = "too-large";
    public const string RateLimited = "rate-limited";
    public const string Unauthorized = "unauthorized";
    public const string BadOffer = "bad-offer";
    public const string ServerFull = "server-full";
    public const string NoSession = "no-session";
    public const string Unavailable = "unavailable";
    public const string Timeout = "timeout";
    public const string Internal = "internal";
}
