using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using WlWebRtc.Signaling.WebSocket.Limits;
using WlWebRtc.Signaling.WebSocket.Session;

namespace WlWebRtc.Signaling.WebSocket.Endpoints;

/// <summary>
/// The WebSocket endpoint: checks the client's rate, authenticates a token presented in the URL (<c>?token=</c>)
/// or an <c>Authorization: Bearer</c> header before the upgrade (401 when it is wrong, 429 after too many wrong
/// ones), gives the socket a session slot (authenticated) or a waiting slot (no token yet: its own small caps),
/// accepts it with a ping/pong keep-alive and runs a <see cref="SignalingSession"/> on it.
/// </summary>
internal static partial class WebSocketEndpoint
{
    public static void Map(IEndpointRouteBuilder endpoints, SessionEnvironment environment)
    {
        // The host does not add the WebSocket middleware; the endpoint carries its own small pipeline with it.
        var builder = endpoints.CreateApplicationBuilder().UseWebSockets();
        builder.Run(context => HandleAsync(context, environment));
        var pipeline = builder.Build();
        endpoints.Map(environment.Options.Path, pipeline).WithDisplayName("wlwebrtc WebSocket signaling");
    }

    internal static async Task HandleAsync(HttpContext context, SessionEnvironment environment)
    {
        var client = ClientAddress.Of(context);
        if (!environment.RateLimiter.TryAcquire(client))
        {
            Log.RateLimited(environment.Logger, client);
            context.Response.Headers.RetryAfter = "1";
            await PlainText.WriteAsync(context, StatusCodes.Status429TooManyRequests, "too many requests from this address; retry later").ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.Headers.Upgrade = "websocket";
            await PlainText.WriteAsync(context, StatusCodes.Status426UpgradeRequired, "this endpoint speaks WebSocket (see PROTOCOL.md of the websocket signaling plugin)").ConfigureAwait(false);
            return;
        }

        ViewerAccess? access = null;
        SessionTicket? ticket;
        var token = BearerToken.From(context.Request);
        if (token is not null)
        {
            access = await AuthenticateOrRefuseAsync(context, environment, client, token).ConfigureAwait(false);
            if (access is null)
            {
                return;
            }

            ticket = environment.Admission.TryAdmitAuthenticated();
            if (ticket is null)
            {
                Log.SessionsFull(environment.Logger, client, environment.Admission.Sessions.Capacity);
                context.Response.Headers.RetryAfter = "5";
                await PlainText.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"the server already has {environment.Admission.Sessions.Capacity} signaling sessions (signaling.websocket.max_sessions)").ConfigureAwait(false);
                return;
            }
        }
        else
        {
            ticket = environment.Admission.TryAdmitPending(client, out var refusal);
            if (ticket is null)
            {
                Log.PendingFull(environment.Logger, client, refusal);
                context.Response.Headers.RetryAfter = "5";
                await PlainText.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, refusal).ConfigureAwait(false);
                return;
            }
        }

        using (ticket)
        {
            // The keep-alive pings an idle socket and drops it (with its slot) when no pong comes back in time:
            // browsers answer pings by themselves, a vanished peer does not.
            var accept = new WebSocketAcceptContext
            {
                KeepAliveInterval = environment.Options.KeepAliveInterval,
                KeepAliveTimeout = environment.Options.KeepAliveTimeout,
            };
            using var socket = await context.WebSockets.AcceptWebSocketAsync(accept).ConfigureAwait(false);
            using var channel = new WebSocketChannel(socket, environment.Options.MaxMessageBytes);
            var session = new SignalingSession(channel, environment, client, access, ticket);
            await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
            await channel.CloseAsync(CloseCodes.GoingAway, "session ended", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Checks a token presented with the upgrade request; writes 429 or 401 and returns null when refused.</summary>
    private static async Task<ViewerAccess?> AuthenticateOrRefuseAsync(HttpContext context, SessionEnvironment environment, string client, string token)
    {
        if (!environment.Authentication.TryBegin(client, out var retryAfter, out var reason))
        {
            Log.Throttled(environment.Logger, client, reason);
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
            await PlainText.WriteAsync(context, StatusCodes.Status429TooManyRequests, reason + "; retry later").ConfigureAwait(false);
            return null;
        }

        var access = environment.Gateway.Authenticate(token);
        if (access is null)
        {
            var lockout = environment.Authentication.Failed(client);
            Log.Refused(environment.Logger, client, lockout.TotalSeconds);
            context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
            await PlainText.WriteAsync(context, StatusCodes.Status401Unauthorized, "the token is not valid").ConfigureAwait(false);
            return null;
        }

        environment.Authentication.Succeeded(client);
        return access;
    }

    private static partial class Log
    {
        [LoggerMessage(1110, LogLevel.Information, "WebSocket viewer {Client} refused: the token is not valid (locked out for {LockoutSeconds:0} s)")]
        public static partial void Refused(ILogger logger, string client, double lockoutSeconds);

        [LoggerMessage(1111, LogLevel.Warning, "WebSocket viewer {Client} refused: all {Capacity} session slots are taken (signaling.websocket.max_sessions)")]
        public static partial void SessionsFull(ILogger logger, string client, int capacity);

        [LoggerMessage(1112, LogLevel.Information, "WebSocket connection from {Client} refused: {Reason}")]
        public static partial void PendingFull(ILogger logger, string client, string reason);

        [LoggerMessage(1113, LogLevel.Debug, "WebSocket viewer {Client} refused before its token was checked: {Reason}")]
        public static partial void Throttled(ILogger logger, string client, string reason);

        [LoggerMessage(1114, LogLevel.Debug, "WebSocket client {Client} refused: more requests than its rate allows")]
        public static partial void RateLimited(ILogger logger, string client);
    }
}
