using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using WlWebRtc.Signaling.WebSocket.Session;

namespace WlWebRtc.Signaling.WebSocket.Endpoints;

/// <summary>
/// The WebSocket endpoint: checks the client's rate and the session limit, authenticates a token presented in
/// the URL (<c>?token=</c>) or an <c>Authorization: Bearer</c> header before the upgrade (401 when it is
/// wrong), accepts the socket and runs a <see cref="SignalingSession"/> on it.
/// </summary>
internal static partial class WebSocketEndpoint
{
    private static readonly TimeSpan KeepAlive = TimeSpan.FromSeconds(15);

    public static void Map(IEndpointRouteBuilder endpoints, SessionEnvironment environment)
    {
        // The host does not add the WebSocket middleware; the endpoint carries its own small pipeline with it.
        var builder = endpoints.CreateApplicationBuilder().UseWebSockets(new WebSocketOptions { KeepAliveInterval = KeepAlive });
        builder.Run(context => HandleAsync(context, environment));
        var pipeline = builder.Build();
        endpoints.Map(environment.Options.Path, pipeline).WithDisplayName("wlwebrtc WebSocket signaling");
    }

    internal static async Task HandleAsync(HttpContext context, SessionEnvironment environment)
    {
        var client = ClientAddress.Of(context);
        if (!environment.RateLimiter.TryAcquire(client))
        {
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
        var token = BearerToken.From(context.Request);
        if (token is not null)
        {
            access = environment.Gateway.Authenticate(token);
            if (access is null)
            {
                Log.Refused(environment.Logger, client);
                context.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_token\"";
                await PlainText.WriteAsync(context, StatusCodes.Status401Unauthorized, "the token is not valid").ConfigureAwait(false);
                return;
            }
        }

        if (!environment.Slots.TryTake())
        {
            context.Response.Headers.RetryAfter = "5";
            await PlainText.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"the server already has {environment.Slots.Capacity} signaling sessions (signaling.websocket.max_sessions)").ConfigureAwait(false);
            return;
        }

        try
        {
            using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
            using var channel = new WebSocketChannel(socket, environment.Options.MaxMessageBytes);
            var session = new SignalingSession(channel, environment, client, access);
            await session.RunAsync(context.RequestAborted).ConfigureAwait(false);
            await channel.CloseAsync(CloseCodes.GoingAway, "session ended", CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            environment.Slots.Release();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1110, LogLevel.Information, "WebSocket viewer {Client} refused: the token is not valid")]
        public static partial void Refused(ILogger logger, string client);
    }
}
