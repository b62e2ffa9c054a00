using Microsoft.Extensions.Logging;
using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling.WebSocket.Limits;
using WlWebRtc.Signaling.WebSocket.Plugin;

namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>What every session of one endpoint shares: options, gateway, limits, the clock and the viewer roster.</summary>
internal sealed class SessionEnvironment(WebSocketSignalingOptions options, IViewerGateway gateway, TimeProvider time, ILogger logger)
{
    public WebSocketSignalingOptions Options => options;

    public IViewerGateway Gateway => gateway;

    public TimeProvider Time => time;

    public ILogger Logger => logger;

    public ClientRateLimiter RateLimiter { get; } = new(options.RatePerSecond, options.Burst, time);

    public SessionSlots Slots { get; } = new(options.MaxSessions);

    public ViewerRoster Roster { get; } = new(gateway);
}
