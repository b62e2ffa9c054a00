using System.Net.Sockets;
using System.Text.Json.Nodes;

namespace WlWebRtc.Whip.Tests.Janus;

/// <summary>The running server's <c>status</c> (its control socket), as JSON.</summary>
internal static class ControlStatus
{
    public static async Task<JsonObject> ReadAsync(string socketPath)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        return JsonNode.Parse(await http.GetStringAsync(new Uri("http://control/control/status")))!.AsObject();
    }

    /// <summary>The Prometheus text at <c>/metrics</c> on the control socket.</summary>
    public static async Task<string> MetricsAsync(string socketPath)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(new Uri("http://control/metrics"));
    }

    /// <summary>The first egress's entry, or null.</summary>
    public static async Task<JsonObject?> EgressAsync(string socketPath) =>
        (await ReadAsync(socketPath))["egress"]?.AsArray().FirstOrDefault()?.AsObject();
}
