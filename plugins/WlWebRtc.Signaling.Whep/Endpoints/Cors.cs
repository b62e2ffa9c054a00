using Microsoft.AspNetCore.Http;

namespace WlWebRtc.Signaling.Whep.Endpoints;

/// <summary>CORS for browser WHEP players: which origin may call, with which headers and methods.</summary>
internal sealed class Cors(IReadOnlyList<string> allowedOrigins)
{
    public const string AllowedMethods = "POST, PATCH, DELETE, OPTIONS";
    public const string AllowedHeaders = "Authorization, Content-Type, If-Match";
    public const string ExposedHeaders = "Location, ETag, Accept-Patch, Accept-Post, Link, WWW-Authenticate, Retry-After";

    private readonly bool _any = allowedOrigins.Contains("*");
    private readonly HashSet<string> _origins = new(allowedOrigins, StringComparer.OrdinalIgnoreCase);

    /// <summary>Adds the CORS headers a response needs (for every response, errors included, so the player can read them).</summary>
    public void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        var origin = context.Request.Headers.Origin.ToString();
        if (_any)
        {
            headers.AccessControlAllowOrigin = "*";
        }
        else if (origin.Length > 0 && _origins.Contains(origin))
        {
            headers.AccessControlAllowOrigin = origin;
            headers.Vary = "Origin";
        }
        else
        {
            return;
        }

        headers.AccessControlExposeHeaders = ExposedHeaders;
    }

    public void ApplyPreflight(HttpContext context)
    {
        Apply(context);
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = AllowedMethods;
        headers.AccessControlAllowHeaders = AllowedHeaders;
        headers.AccessControlMaxAge = "600";

        // Private Network Access: a player page on a public origin may reach a server on the LAN or loopback.
        if (context.Request.Headers.ContainsKey("Access-Control-Request-Private-Network") && headers.AccessControlAllowOrigin.Count > 0)
        {
            headers["Access-Control-Allow-Private-Network"] = "true";
        }
    }
}
