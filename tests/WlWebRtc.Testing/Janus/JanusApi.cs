using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace WlWebRtc.Testing.Janus;

/// <summary>
/// The few calls of Janus's HTTP API (REST transport) the WHIP front-end needs: sessions, a VideoRoom handle, plugin
/// messages whose answer (and JSEP) arrives as an event on the session's long poll, and session destroy.
/// </summary>
public sealed class JanusApi(HttpClient http, Uri apiUrl)
{
    /// <summary>A plugin's answer: its data and the JSEP it carried, if any.</summary>
    public sealed record PluginEvent(JsonObject Data, string? JsepType, string? Sdp);

    public async Task<long> CreateSessionAsync(CancellationToken cancellationToken)
    {
        var answer = await PostAsync(apiUrl, new JsonObject { ["janus"] = "create" }, cancellationToken).ConfigureAwait(false);
        return answer["data"]!["id"]!.GetValue<long>();
    }

    public async Task<long> AttachVideoRoomAsync(long session, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(SessionUrl(session), new JsonObject { ["janus"] = "attach", ["plugin"] = "janus.plugin.videoroom" }, cancellationToken).ConfigureAwait(false);
        return answer["data"]!["id"]!.GetValue<long>();
    }

    /// <summary>A synchronous plugin request (e.g. <c>listparticipants</c>): its plugin data.</summary>
    public async Task<JsonObject> RequestAsync(long session, long handle, JsonObject body, CancellationToken cancellationToken)
    {
        var answer = await PostAsync(HandleUrl(session, handle), new JsonObject { ["janus"] = "message", ["body"] = body }, cancellationToken).ConfigureAwait(false);
        return answer["plugindata"]!["data"]!.AsObject();
    }

    /// <summary>An asynchronous plugin message (join, configure, start): waits for its event on the session's long poll.</summary>
    public async Task<PluginEvent> MessageAsync(long session, long handle, JsonObject body, string? jsepType, string? sdp, CancellationToken cancellationToken)
    {
        var transaction = NewTransaction();
        var message = new JsonObject { ["janus"] = "message", ["body"] = body, ["transaction"] = transaction };
        if (jsepType is not null)
        {
            message["jsep"] = new JsonObject { ["type"] = jsepType, ["sdp"] = sdp };
        }

        var ack = await SendAsync(HandleUrl(session, handle), message, cancellationToken).ConfigureAwait(false);
        if (ack["janus"]?.GetValue<string>() == "error")
        {
            throw new InvalidOperationException("janus refused the message: " + ack.ToJsonString());
        }

        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var poll = await http.GetAsync(new Uri(SessionUrl(session) + "?maxev=1"), cancellationToken).ConfigureAwait(false);
            var node = JsonNode.Parse(await poll.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false));
            foreach (var item in node is JsonArray array ? array.Select(n => n!.AsObject()) : [node!.AsObject()])
            {
                if (item["transaction"]?.GetValue<string>() == transaction && item["janus"]?.GetValue<string>() == "event")
                {
                    var data = item["plugindata"]!["data"]!.AsObject();
                    if (data["error"] is { } error)
                    {
                        throw new InvalidOperationException("janus videoroom: " + error.GetValue<string>());
                    }

                    return new PluginEvent(data, item["jsep"]?["type"]?.GetValue<string>(), item["jsep"]?["sdp"]?.GetValue<string>());
                }
            }
        }
    }

    public async Task DestroySessionAsync(long session, CancellationToken cancellationToken) =>
        await PostAsync(SessionUrl(session), new JsonObject { ["janus"] = "destroy" }, cancellationToken).ConfigureAwait(false);

    private Uri SessionUrl(long session) => new($"{apiUrl}/{session}");

    private Uri HandleUrl(long session, long handle) => new($"{apiUrl}/{session}/{handle}");

    private async Task<JsonObject> PostAsync(Uri url, JsonObject message, CancellationToken cancellationToken)
    {
        message["transaction"] = NewTransaction();
        var answer = await SendAsync(url, message, cancellationToken).ConfigureAwait(false);
        if (answer["janus"]?.GetValue<string>() is not ("success" or "ack"))
        {
            throw new InvalidOperationException("janus: " + answer.ToJsonString());
        }

        return answer;
    }

    private async Task<JsonObject> SendAsync(Uri url, JsonObject message, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(url, message, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
    }

    private static string NewTransaction() => Guid.NewGuid().ToString("N");
}
