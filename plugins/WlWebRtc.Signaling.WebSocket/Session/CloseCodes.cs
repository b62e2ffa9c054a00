namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>WebSocket close codes the server uses (RFC 6455 section 7.4 and the private range).</summary>
internal static class CloseCodes
{
    public const int Normal = 1000;
    public const int GoingAway = 1001;
    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;

    /// <summary>No valid token (4000-4999 is for applications; 4401 mirrors HTTP 401).</summary>
    public const int Unauthorized = 4401;
}
