using Microsoft.Extensions.Logging;
using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling.WebSocket.Limits;
using WlWebRtc.Signaling.WebSocket.Plugin;

namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>
/// What every session of one endpoint shares: options, gateway, limits, the clock, the viewer roster, and the
/// server's stopping signal (every socket is then closed with 1001).
/// </summary>
internal sealed class SessionEnvironment(
    WebSocketSignalingOptions options, IViewerGateway gateway, TimeProvider time, ILogger logger, CancellationToken stopping = default)
{
    public WebSocketSignalingOptions Options => options;

    public IViewerGateway Gateway => gateway;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    /// <summary>Cancelled when the server starts to stop.</summary>
    public CancellationToken Stopping => stopping;

    public ClientRateLimiter RateLimiter { get; } = new(options.RatePerSecond, options.Burst, time);

    /// <summary>
    /// Failed token checks, per address and in all (in the URL, a header or the <c>auth</c> message): the host's one
    /// guard, shared with every other endpoint that checks a token.
    /// </summary>
    public IAuthenticationGuard Authentication => gateway.AuthenticationGuard;

    public SessionAdmission Admission { get; } = new(options.MaxSessions, options.MaxUnauthenticated, options.MaxUnauthenticatedPerAddress);

    public ViewerRoster Roster { get; } = new(gateway);
}
