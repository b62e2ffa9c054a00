using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Testing.Janus;

/// <summary>
/// A small WHIP front-end (RFC 9725) for Janus's VideoRoom, on loopback: <c>POST /whip</c> with an SDP offer joins the
/// room as a publisher (<c>joinandconfigure</c>) and answers 201 with the resource's Location and Janus's SDP answer;
/// <c>DELETE /whip/resource/{id}</c> destroys that Janus session. Subscribers (Janus offers, as the VideoRoom does):
/// <c>POST /subscribe</c> returns <c>{ id, sdp }</c> for the current publisher, <c>POST /subscribe/{id}</c> takes the answer.
/// A test can make it refuse publishers (<see cref="RefuseWith"/>) to check the publisher's error handling.
/// </summary>
public sealed class JanusWhipFrontEnd : IAsyncDisposable
{
    private readonly LoopbackKestrel _kestrel;
    private readonly JanusApi _janus;
    private readonly ConcurrentDictionary<string, long> _resources = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, (long Session, long Handle)> _subscribers = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _deleted = new();
    private int _published;

    private JanusWhipFrontEnd(LoopbackKestrel kestrel, JanusApi janus)
    {
        _kestrel = kestrel;
        _janus = janus;
    }

    /// <summary>The bearer token publishers must send.</summary>
    public const string Token = "whip-test-token";

    /// <summary>The WHIP endpoint.</summary>
    public Uri WhipUrl => new(_kestrel.Address, "/whip");

    public Uri Address => _kestrel.Address;

    /// <summary>When set, POST /whip answers this status and reason instead of publishing.</summary>
    public (int Status, string Reason)? RefuseWith { get; set; }

    /// <summary>Publishers that got a 201.</summary>
    public int Published => Volatile.Read(ref _published);

    /// <summary>The last offer a publisher posted (its candidates show how it can be reached), or null.</summary>
    public string? LastOffer { get; private set; }

    /// <summary>Resources DELETEd, in order.</summary>
    public IReadOnlyList<string> Deleted => [.. _deleted];

    public static Task<JanusWhipFrontEnd> StartAsync(JanusServer janus)
    {
        ArgumentNullException.ThrowIfNull(janus);
        return StartAsync(janus.ApiUrl);
    }

    /// <summary>A front-end for the Janus HTTP API at <paramref name="apiUrl"/> (one that refuses every publisher needs none running).</summary>
    public static async Task<JanusWhipFrontEnd> StartAsync(Uri apiUrl)
    {
        var http = new HttpClient { Timeout = TimeSpan.FromSeconds(40) };
        var api = new JanusApi(http, apiUrl);
        JanusWhipFrontEnd? frontEnd = null;
        var kestrel = await LoopbackKestrel.StartAsync(endpoints => Map(endpoints, () => frontEnd!)).ConfigureAwait(false);
        frontEnd = new JanusWhipFrontEnd(kestrel, api);
        return frontEnd;
    }

    public ValueTask DisposeAsync() => _kestrel.DisposeAsync();

    private static void Map(IEndpointRouteBuilder endpoints, Func<JanusWhipFrontEnd> self)
    {
        endpoints.MapGet("/", () => Results.Content("<!doctype html><title>subscriber</title><body></body>", "text/html"));
        endpoints.MapPost("/whip", context => self().PublishAsync(context));
        endpoints.MapDelete("/whip/resource/{id}", context => self().DeleteAsync(context));
        endpoints.MapPost("/subscribe", context => self().SubscribeAsync(context));
        endpoints.MapPost("/subscribe/{id}", context => self().StartSubscriberAsync(context));
    }

    private async Task PublishAsync(HttpContext context)
    {
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + Token)
        {
            await Text(context, 401, "invalid or missing bearer token").ConfigureAwait(false);
            return;
        }

        if (RefuseWith is { } refusal)
        {
            await Text(context, refusal.Status, refusal.Reason).ConfigureAwait(false);
            return;
        }

        if (context.Request.ContentType != "application/sdp")
        {
            await Text(context, 415, "expected application/sdp").ConfigureAwait(false);
            return;
        }

        var offer = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        LastOffer = offer;
        var cancel = context.RequestAborted;
        var session = await _janus.CreateSessionAsync(cancel).ConfigureAwait(false);
        var handle = await _janus.AttachVideoRoomAsync(session, cancel).ConfigureAwait(false);
        var joined = await _janus.MessageAsync(session, handle, new JsonObject
        {
            ["request"] = "joinandconfigure",
            ["room"] = JanusServer.Room,
            ["ptype"] = "publisher",
            ["display"] = "wlwebrtc",
        }, "offer", offer, cancel).ConfigureAwait(false);
        if (joined.Sdp is null)
        {
            await _janus.DestroySessionAsync(session, CancellationToken.None).ConfigureAwait(false);
            await Text(context, 422, "janus gave no answer: " + joined.Data.ToJsonString()).ConfigureAwait(false);
            return;
        }

        var id = Guid.NewGuid().ToString("N");
        _resources[id] = session;
        Interlocked.Increment(ref _published);
        context.Response.StatusCode = 201;
        context.Response.Headers.Location = "/whip/resource/" + id;
        context.Response.ContentType = "application/sdp";
        await context.Response.WriteAsync(joined.Sdp, cancel).ConfigureAwait(false);
    }

    private async Task DeleteAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        _deleted.Enqueue(id);
        if (!_resources.TryRemove(id, out var session))
        {
            await Text(context, 404, "no such resource").ConfigureAwait(false);
            return;
        }

        try
        {
            await _janus.DestroySessionAsync(session, context.RequestAborted).ConfigureAwait(false);
        }
        catch (HttpRequestException)
        {
            // Janus restarted: the session is gone already.
        }

        context.Response.StatusCode = 200;
    }

    private async Task SubscribeAsync(HttpContext context)
    {
        var cancel = context.RequestAborted;
        var session = await _janus.CreateSessionAsync(cancel).ConfigureAwait(false);
        var handle = await _janus.AttachVideoRoomAsync(session, cancel).ConfigureAwait(false);
        var list = await _janus.RequestAsync(session, handle, new JsonObject { ["request"] = "listparticipants", ["room"] = JanusServer.Room }, cancel).ConfigureAwait(false);
        var publisher = list["participants"]?.AsArray().FirstOrDefault(p => p!["publisher"]?.GetValue<bool>() == true);
        if (publisher is null)
        {
            await _janus.DestroySessionAsync(session, CancellationToken.None).ConfigureAwait(false);
            await Text(context, 404, "no publisher in the room yet").ConfigureAwait(false);
            return;
        }

        var joined = await _janus.MessageAsync(session, handle, new JsonObject
        {
            ["request"] = "join",
            ["room"] = JanusServer.Room,
            ["ptype"] = "subscriber",
            ["streams"] = new JsonArray(new JsonObject { ["feed"] = publisher["id"]!.GetValue<long>() }),
        }, null, null, cancel).ConfigureAwait(false);
        var id = Guid.NewGuid().ToString("N");
        _subscribers[id] = (session, handle);
        await context.Response.WriteAsJsonAsync(new { id, sdp = joined.Sdp }, cancel).ConfigureAwait(false);
    }

    private async Task StartSubscriberAsync(HttpContext context)
    {
        var id = (string)context.Request.RouteValues["id"]!;
        if (!_subscribers.TryGetValue(id, out var subscriber))
        {
            await Text(context, 404, "no such subscriber").ConfigureAwait(false);
            return;
        }

        var answer = await new StreamReader(context.Request.Body).ReadToEndAsync(context.RequestAborted).ConfigureAwait(false);
        await _janus.MessageAsync(subscriber.Session, subscriber.Handle, new JsonObject { ["request"] = "start", ["room"] = JanusServer.Room }, "answer", answer, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = 200;
    }

    private static async Task Text(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain";
        await context.Response.WriteAsync(text).ConfigureAwait(false);
    }
}
