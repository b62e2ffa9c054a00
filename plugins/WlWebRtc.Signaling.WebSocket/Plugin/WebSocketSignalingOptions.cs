using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Signaling.WebSocket.Plugin;

/// <summary>The <c>[signaling.websocket]</c> table.</summary>
/// <param name="Path">Where the WebSocket endpoint is served.</param>
/// <param name="ServeViewer">Whether the built-in viewer is served at <c>/</c>.</param>
/// <param name="MaxMessageBytes">Largest message a viewer may send.</param>
/// <param name="MaxSessions">Most authenticated WebSocket connections at once.</param>
/// <param name="RatePerSecond">Messages and connection attempts per second per client address (sustained).</param>
/// <param name="Burst">Messages and connection attempts a client may send at once.</param>
/// <param name="AuthTimeout">How long a connection without a token may take to send its <c>auth</c> message.</param>
/// <param name="MaxUnauthenticated">Most connections waiting for their <c>auth</c> message at once, in all.</param>
/// <param name="MaxUnauthenticatedPerAddress">Most connections waiting for their <c>auth</c> message at once from one address.</param>
/// <param name="KeepAliveInterval">How often the server pings an idle socket.</param>
/// <param name="KeepAliveTimeout">How long the server waits for the pong before it drops the socket (and its slot).</param>
internal sealed record WebSocketSignalingOptions(
    string Path,
    bool ServeViewer,
    int MaxMessageBytes,
    int MaxSessions,
    double RatePerSecond,
    int Burst,
    TimeSpan AuthTimeout,
    int MaxUnauthenticated,
    int MaxUnauthenticatedPerAddress,
    TimeSpan KeepAliveInterval,
    TimeSpan KeepAliveTimeout)
{
    public static readonly WebSocketSignalingOptions Default = new(
        "/ws", true, 64 * 1024, 32, 20, 40, TimeSpan.FromSeconds(5), 16, 4, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30));

    private static readonly string[] Keys =
    [
        "path", "serve_viewer", "max_message_bytes", "max_sessions", "rate_per_second", "burst", "auth_timeout_seconds",
        "max_unauthenticated", "max_unauthenticated_per_address", "keep_alive_seconds", "keep_alive_timeout_seconds",
    ];

    /// <summary>Reads the table, collecting every error; options are null when there is any.</summary>
    public static (WebSocketSignalingOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var reader = new SettingsReader(settings);
        reader.RejectUnknownKeys(Keys);
        var path = reader.ReadString("path", Default.Path);
        if (!path.StartsWith('/') || path.Length < 2 || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '{' or '}'))
        {
            reader.AddError("path", $"must be an absolute URL path other than '/' (e.g. /ws), got '{path}'");
        }

        var serveViewer = reader.ReadBoolean("serve_viewer", Default.ServeViewer);
        var maxMessage = reader.ReadInt32("max_message_bytes", Default.MaxMessageBytes, 1024, 1024 * 1024);
        var maxSessions = reader.ReadInt32("max_sessions", Default.MaxSessions, 1, 10_000);
        var rate = reader.ReadDouble("rate_per_second", Default.RatePerSecond, 0.1, 10_000);
        var burst = reader.ReadInt32("burst", Default.Burst, 1, 100_000);
        var authTimeout = reader.ReadDouble("auth_timeout_seconds", Default.AuthTimeout.TotalSeconds, 0.5, 60);
        var maxPending = reader.ReadInt32("max_unauthenticated", Default.MaxUnauthenticated, 1, 10_000);
        var maxPendingPerAddress = reader.ReadInt32("max_unauthenticated_per_address", Default.MaxUnauthenticatedPerAddress, 1, 10_000);
        if (reader.IsValid && maxPendingPerAddress > maxPending)
        {
            reader.AddError("max_unauthenticated_per_address", $"must not exceed max_unauthenticated ({maxPending}), got {maxPendingPerAddress}");
        }

        var keepAlive = reader.ReadDouble("keep_alive_seconds", Default.KeepAliveInterval.TotalSeconds, 0.5, 3600);
        var keepAliveTimeout = reader.ReadDouble("keep_alive_timeout_seconds", Default.KeepAliveTimeout.TotalSeconds, 0.5, 3600);
        if (reader.IsValid && keepAliveTimeout <= keepAlive)
        {
            reader.AddError("keep_alive_timeout_seconds", $"must be longer than keep_alive_seconds ({keepAlive:0.###}), got {keepAliveTimeout:0.###}");
        }

        return (reader.IsValid
            ? new WebSocketSignalingOptions(
                path, serveViewer, maxMessage, maxSessions, rate, burst, TimeSpan.FromSeconds(authTimeout), maxPending, maxPendingPerAddress,
                TimeSpan.FromSeconds(keepAlive), TimeSpan.FromSeconds(keepAliveTimeout))
            : null, reader.Errors);
    }
}
