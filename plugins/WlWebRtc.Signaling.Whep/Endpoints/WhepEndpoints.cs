using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling.Whep.Plugin;
using WlWebRtc.Signaling.Whep.Sdp;
using WlWebRtc.Signaling.Whep.Sessions;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Whep.Endpoints;

/// <summary>
/// WHEP (draft-ietf-wish-whep): <c>POST {path}</c> with an SDP offer creates a session resource
/// <c>{path}/{id}</c> (201 with the answer); <c>PATCH</c> on it trickles ICE candidates (204);
/// <c>DELETE</c> ends it. Every request needs <c>Authorization: Bearer</c>; every response carries CORS headers.
/// </summary>
internal sealed partial class WhepEndpoints(WhepOptions options, IViewerGateway gateway, TimeProvider time, ILogger logger)
{
    public const string SdpType = "application/sdp";
    public const string TrickleType = "application/trickle-ice-sdpfrag";

    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);

    private readonly ClientRateLimiter _rate = new(options.RatePerSecond, options.Burst, time);
    private readonly Cors _cors = new(options.AllowedOrigins);

    /// <summary>
    /// Wrong tokens per address and in all: lockouts with backoff, and a global budget of checks (the host's one
    /// guard, shared with every other endpoint that checks a token).
    /// </summary>
    private IAuthenticationGuard Authentication => gateway.AuthenticationGuard;

    public WhepSessions Sessions { get; } = new(options.MaxSessions);

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var resource = options.Path + "/{id}";
        endpoints.MapMethods(options.Path, ["POST"], PostAsync).WithDisplayName("WHEP endpoint");
        endpoints.MapMethods(options.Path, ["OPTIONS"], Preflight).WithDisplayName("WHEP endpoint (OPTIONS)");
        endpoints.MapMethods(resource, ["PATCH"], PatchAsync).WithDisplayName("WHEP session (PATCH)");
        endpoints.MapMethods(resource, ["DELETE"], DeleteAsync).WithDisplayName("WHEP session (DELETE)");
        endpoints.MapMethods(resource, ["OPTIONS"], Preflight).WithDisplayName("WHEP session (OPTIONS)");
    }

    internal Task Preflight(HttpContext context)
    {
        _cors.ApplyPreflight(context);
        context.Response.Headers["Accept-Post"] = SdpType;
        context.Response.Headers["Accept-Patch"] = TrickleType;
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    internal async Task PostAsync(HttpContext context)
    {
        _cors.Apply(context);
        if (await RefuseAsync(context).ConfigureAwait(false) is not { } access)
        {
            return;
        }

        if (!HttpHelpers.HasContentType(context.Request, SdpType))
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, $"the offer must be sent as {SdpType}, got '{context.Request.ContentType}'").ConfigureAwait(false);
            return;
        }

        var offer = await ReadBodyOrRefuseAsync(context).ConfigureAwait(false);
        if (offer is null)
        {
            return;
        }

        if (string.IsNullOrWhiteSpace(offer))
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status400BadRequest, "the offer is empty").ConfigureAwait(false);
            return;
        }

        if (!Sessions.TryReserve())
        {
            context.Response.Headers.RetryAfter = "5";
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, $"the server already has {Sessions.Capacity} WHEP sessions (signaling.whep.max_sessions)").ConfigureAwait(false);
            return;
        }

        var added = false;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
            timeout.CancelAfter(ConnectTimeout);
            IViewerConnection viewer;
            try
            {
                viewer = await gateway.ConnectAsync(new SessionDescription(Transport.SdpType.Offer, offer), access, timeout.Token).ConfigureAwait(false);
            }
            catch (SessionDescriptionException ex)
            {
                Log.BadOffer(logger, HttpHelpers.ClientOf(context), ex.Message);
                await HttpHelpers.ProblemAsync(context, StatusCodes.Status400BadRequest, "the offer was refused: " + ex.Message).ConfigureAwait(false);
                return;
            }
            catch (ViewerLimitException ex)
            {
                context.Response.Headers.RetryAfter = "5";
                await HttpHelpers.ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, ex.Message).ConfigureAwait(false);
                return;
            }
            catch (InvalidOperationException ex)
            {
                context.Response.Headers.RetryAfter = "1";
                await HttpHelpers.ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, ex.Message).ConfigureAwait(false);
                return;
            }
            catch (OperationCanceledException) when (!context.RequestAborted.IsCancellationRequested)
            {
                await HttpHelpers.ProblemAsync(context, StatusCodes.Status503ServiceUnavailable, $"the server did not answer the offer within {ConnectTimeout.TotalSeconds:0} s").ConfigureAwait(false);
                return;
            }

            var session = new WhepSession(viewer, TrickleFragmentParser.OfferUfrag(offer));
            Sessions.Add(session);
            added = true;
            Log.SessionCreated(logger, HttpHelpers.ClientOf(context), viewer.Id, viewer.Role);
            var headers = context.Response.Headers;
            headers.Location = $"{options.Path}/{Uri.EscapeDataString(viewer.Id)}";
            headers.ETag = session.ETag;
            headers["Accept-Patch"] = TrickleType;
            var links = IceServerLinks.Format(gateway.GetIceServers()).ToArray();
            if (links.Length > 0)
            {
                headers.Append("Link", new Microsoft.Extensions.Primitives.StringValues(links));
            }

            context.Response.StatusCode = StatusCodes.Status201Created;
            context.Response.ContentType = SdpType;
            await context.Response.WriteAsync(viewer.Answer.Sdp, context.RequestAborted).ConfigureAwait(false);
        }
        finally
        {
            if (!added)
            {
                Sessions.Release();
            }
        }
    }

    internal async Task PatchAsync(HttpContext context)
    {
        _cors.Apply(context);
        if (await RefuseAsync(context).ConfigureAwait(false) is null || await FindOrRefuseAsync(context).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        if (!HttpHelpers.HasContentType(context.Request, TrickleType))
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status415UnsupportedMediaType, $"trickle ICE fragments must be sent as {TrickleType}, got '{context.Request.ContentType}'").ConfigureAwait(false);
            return;
        }

        var body = await ReadBodyOrRefuseAsync(context).ConfigureAwait(false);
        if (body is null)
        {
            return;
        }

        TrickleFragment fragment;
        try
        {
            fragment = TrickleFragmentParser.Parse(body);
        }
        catch (FormatException ex)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status400BadRequest, "the fragment was refused: " + ex.Message).ConfigureAwait(false);
            return;
        }

        // RFC 9725 section 4.3: a trickle PATCH names the ICE session's entity-tag (412 when it is not the current one);
        // an ICE restart (new ufrag and pwd) sends If-Match: * since the client cannot know the next one.
        var ifMatch = context.Request.Headers.IfMatch.ToString();
        var restart = fragment.IceUfrag is not null && session.IceUfrag is not null && fragment.IceUfrag != session.IceUfrag;
        if (ifMatch.Length > 0 && ifMatch != "*" && ifMatch != session.ETag)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status412PreconditionFailed, $"If-Match {ifMatch} does not match the ICE session's ETag {session.ETag}").ConfigureAwait(false);
            return;
        }

        if (restart)
        {
            await RestartIceAsync(context, session, fragment).ConfigureAwait(false);
            return;
        }

        try
        {
            foreach (var candidate in fragment.Candidates)
            {
                await session.Viewer.AddRemoteCandidateAsync(candidate, context.RequestAborted).ConfigureAwait(false);
            }

            if (fragment.EndOfCandidates)
            {
                await session.Viewer.AddRemoteCandidateAsync(null, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is SessionDescriptionException or ArgumentException or FormatException)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status400BadRequest, "a candidate was refused: " + ex.Message).ConfigureAwait(false);
            return;
        }

        // The server's own candidates found since the last response go back in this one (200), else 204.
        var (pending, end) = session.TakePending();
        context.Response.Headers.ETag = session.ETag;
        if (pending.Count == 0 && !end)
        {
            context.Response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = TrickleType;
        await context.Response.WriteAsync(TrickleFragmentWriter.Write(null, null, session.MediaLine, pending, end), context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary>ICE restart (RFC 9725 section 4.3.2): 200 with the server's new ufrag, pwd and candidates and a new ETag.</summary>
    private async Task RestartIceAsync(HttpContext context, WhepSession session, TrickleFragment fragment)
    {
        if (fragment.IcePwd is null)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status400BadRequest, "an ICE restart (a new a=ice-ufrag) needs a=ice-pwd too").ConfigureAwait(false);
            return;
        }

        if (session.Viewer.IceRestart is not { } restartable)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status422UnprocessableEntity, "this transport cannot restart ICE: start a new session with POST").ConfigureAwait(false);
            return;
        }

        IceParameters local;
        try
        {
            local = await restartable.RestartIceAsync(new IceParameters(fragment.IceUfrag!, fragment.IcePwd, fragment.Candidates), context.RequestAborted).ConfigureAwait(false);
            if (fragment.EndOfCandidates)
            {
                await session.Viewer.AddRemoteCandidateAsync(null, context.RequestAborted).ConfigureAwait(false);
            }
        }
        catch (SessionDescriptionException ex)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status400BadRequest, "the ICE restart was refused: " + ex.Message).ConfigureAwait(false);
            return;
        }
        catch (InvalidOperationException ex)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status409Conflict, "the ICE restart was refused: " + ex.Message).ConfigureAwait(false);
            return;
        }

        var end = session.Restarted(fragment.IceUfrag!);
        Log.IceRestarted(logger, HttpHelpers.ClientOf(context), session.Viewer.Id);
        context.Response.Headers.ETag = session.ETag;
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = TrickleType;
        await context.Response.WriteAsync(TrickleFragmentWriter.Write(local.Ufrag, local.Pwd, session.MediaLine, local.Candidates, end), context.RequestAborted).ConfigureAwait(false);
    }

    internal async Task DeleteAsync(HttpContext context)
    {
        _cors.Apply(context);
        if (await RefuseAsync(context).ConfigureAwait(false) is null || await FindOrRefuseAsync(context).ConfigureAwait(false) is not { } session)
        {
            return;
        }

        await session.Viewer.CloseAsync().ConfigureAwait(false);
        Log.SessionDeleted(logger, HttpHelpers.ClientOf(context), session.Viewer.Id);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>Checks the rate and the token; writes 429 or 401 and returns null when refused.</summary>
    private async Task<ViewerAccess?> RefuseAsync(HttpContext context)
    {
        var client = HttpHelpers.ClientOf(context);
        if (!_rate.TryAcquire(client))
        {
            context.Response.Headers.RetryAfter = "1";
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status429TooManyRequests, "too many requests from this address; retry later").ConfigureAwait(false);
            return null;
        }

        var token = HttpHelpers.BearerToken(context.Request);
        if (token is null)
        {
            // Not a guess: nothing to count.
            Log.Unauthorized(logger, client, "no bearer token");
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"wlwebrtc\"";
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status401Unauthorized, "send the access token as 'Authorization: Bearer <token>'").ConfigureAwait(false);
            return null;
        }

        if (!Authentication.TryBegin(client, out var retryAfter, out var reason))
        {
            Log.Throttled(logger, client, reason);
            context.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status429TooManyRequests, reason + "; retry later").ConfigureAwait(false);
            return null;
        }

        var access = gateway.Authenticate(token);
        if (access is null)
        {
            var lockout = Authentication.Failed(client);
            Log.Unauthorized(logger, client, lockout > TimeSpan.Zero ? $"the token is not valid; locked out for {lockout.TotalSeconds:0} s" : "the token is not valid");
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"wlwebrtc\", error=\"invalid_token\"";
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status401Unauthorized, "the token is not valid").ConfigureAwait(false);
            return null;
        }

        Authentication.Succeeded(client);
        return access;
    }

    private async Task<WhepSession?> FindOrRefuseAsync(HttpContext context)
    {
        var id = context.Request.RouteValues["id"] as string ?? string.Empty;
        var session = Sessions.Find(id);
        if (session is null)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status404NotFound, "no such WHEP session (it may have ended)").ConfigureAwait(false);
        }

        return session;
    }

    private async Task<string?> ReadBodyOrRefuseAsync(HttpContext context)
    {
        string? body;
        try
        {
            body = await HttpHelpers.ReadBodyAsync(context.Request, options.MaxBodyBytes, context.RequestAborted).ConfigureAwait(false);
        }
        catch (FormatException ex)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status400BadRequest, ex.Message).ConfigureAwait(false);
            return null;
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            body = null;
        }

        if (body is null)
        {
            await HttpHelpers.ProblemAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {options.MaxBodyBytes} bytes (signaling.whep.max_body_bytes)").ConfigureAwait(false);
        }

        return body;
    }

    private static partial class Log
    {
        [LoggerMessage(1200, LogLevel.Information, "WHEP client {Client} refused: {Reason}")]
        public static partial void Unauthorized(ILogger logger, string client, string reason);

        [LoggerMessage(1201, LogLevel.Information, "WHEP client {Client} sent an offer that was refused: {Reason}")]
        public static partial void BadOffer(ILogger logger, string client, string reason);

        [LoggerMessage(1202, LogLevel.Information, "WHEP client {Client} created session {Id} as {Role}")]
        public static partial void SessionCreated(ILogger logger, string client, string id, ViewerRole role);

        [LoggerMessage(1204, LogLevel.Debug, "WHEP client {Client} refused before its token was checked: {Reason}")]
        public static partial void Throttled(ILogger logger, string client, string reason);

        [LoggerMessage(1205, LogLevel.Information, "WHEP client {Client} restarted ICE on session {Id}")]
        public static partial void IceRestarted(ILogger logger, string client, string id);

        [LoggerMessage(1203, LogLevel.Information, "WHEP client {Client} deleted session {Id}")]
        public static partial void SessionDeleted(ILogger logger, string client, string id);
    }
}
