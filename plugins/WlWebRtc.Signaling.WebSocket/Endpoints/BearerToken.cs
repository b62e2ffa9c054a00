using Microsoft.AspNetCore.Http;

namespace WlWebRtc.Signaling.WebSocket.Endpoints;

/// <summary>The token a request presents: <c>Authorization: Bearer …</c>, else <c>?token=</c> (browsers cannot set headers on a WebSocket).</summary>
internal static class BearerToken
{
    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            var token = header["Bearer ".Length..].Trim();
            if (token.Length > 0)
            {
                return token;
            }
        }

        var query = request.Query["token"].ToString();
        return query.Length > 0 ? query : null;
    }
}
