using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using WlWebRtc.Host.Server;
using WlWebRtc.Signaling;

namespace WlWebRtc.Host.Control;

/// <summary>
/// <c>/metrics</c>: the server's instruments in the Prometheus text format (<see cref="PrometheusTextExporter"/>). On
/// the control socket it is open; on the network listener it needs <c>server.metrics_token</c>
/// (<c>Authorization: Bearer</c>, which Prometheus can send) and is not served at all when that is not set. Viewer
/// and control tokens are not accepted. Wrong tokens count against the server's one authentication guard, which the
/// signaling endpoints share.
/// </summary>
internal static partial class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(IEndpointRouteBuilder endpoints, Func<string> render, SecretToken? metricsToken, IAuthenticationGuard guard, ILogger logger)
    {
        endpoints.MapGet(Path, (HttpContext context) =>
        {
            var onControlSocket = context.Connection.LocalIpAddress is null;
            if (!onControlSocket && Refusal(context, metricsToken, guard, logger) is { } refused)
            {
                return refused;
            }

            return Results.Text(render(), "text/plain; version=0.0.4", System.Text.Encoding.UTF8);
        });
    }

    private static IResult? Refusal(HttpContext context, SecretToken? metricsToken, IAuthenticationGuard guard, ILogger logger)
    {
        if (metricsToken is null)
        {
            return Results.Text("/metrics is served on the control socket only: set server.metrics_token to serve it here\n", statusCode: StatusCodes.Status404NotFound);
        }

        var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
        var header = context.Request.Headers[HeaderNames.Authorization].ToString();
        var token = header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header[7..].Trim() : null;
        if (string.IsNullOrEmpty(token))
        {
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
            return Results.Unauthorized();
        }

        if (!guard.TryBegin(client, out var retryAfter, out var reason))
        {
            Log.Throttled(logger, client, reason);
            context.Response.Headers[HeaderNames.RetryAfter] = Math.Ceiling(retryAfter.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
            return Results.Text(reason + "; retry later\n", statusCode: StatusCodes.Status429TooManyRequests);
        }

        if (!metricsToken.Matches(token))
        {
            var lockout = guard.Failed(client);
            Log.Refused(logger, client, lockout.TotalSeconds);
            context.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer error=\"invalid_token\"";
            return Results.Unauthorized();
        }

        guard.Succeeded(client);
        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.MetricsRefused, LogLevel.Information, "/metrics client {Client} refused: the token is not valid (locked out for {LockoutSeconds:0} s)")]
        public static partial void Refused(ILogger logger, string client, double lockoutSeconds);

        [LoggerMessage(EventIds.MetricsThrottled, LogLevel.Debug, "/metrics client {Client} refused before its token was checked: {Reason}")]
        public static partial void Throttled(ILogger logger, string client, string reason);
    }
}
