using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace WlWebRtc.Testing.Janus;

/// <summary>Janus's admin API, read only: every handle's <c>handle_info</c> (plugin, ICE state, per-medium RTP/RTCP statistics).</summary>
public sealed class JanusAdmin(HttpClient http, JanusServer janus)
{
    /// <summary>The <c>info</c> object of every handle of every session.</summary>
    public async Task<IReadOnlyList<JsonObject>> HandleInfosAsync(CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(janus);
        var infos = new List<JsonObject>();
        var sessions = await AskAsync(janus.AdminUrl.ToString(), "list_sessions", cancellationToken).ConfigureAwait(false);
        foreach (var session in sessions["sessions"]?.AsArray() ?? [])
        {
            var handles = await AskAsync($"{janus.AdminUrl}/{session}", "list_handles", cancellationToken).ConfigureAwait(false);
            foreach (var handle in handles["handles"]?.AsArray() ?? [])
            {
                var info = await AskAsync($"{janus.AdminUrl}/{session}/{handle}", "handle_info", cancellationToken).ConfigureAwait(false);
                if (info["info"] is JsonObject o)
                {
                    infos.Add(o);
                }
            }
        }

        return infos;
    }

    private async Task<JsonObject> AskAsync(string url, string request, CancellationToken cancellationToken)
    {
        var message = new JsonObject { ["janus"] = request, ["transaction"] = Guid.NewGuid().ToString("N"), ["admin_secret"] = JanusServer.AdminSecret };
        using var response = await http.PostAsJsonAsync(new Uri(url), message, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false))!.AsObject();
        if (answer["janus"]?.GetValue<string>() != "success")
        {
            throw new InvalidOperationException($"janus admin {request}: {answer.ToJsonString()}");
        }

        return answer;
    }
}
