using Microsoft.AspNetCore.Http;

namespace WlWebRtc.Signaling.WebSocket.Endpoints;

/// <summary>The key a client is rate-limited by: its remote address.</summary>
internal static class ClientAddress
{
    public static string Of(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
