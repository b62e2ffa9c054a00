using Microsoft.AspNetCore.Server.Kestrel.Core;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Server;

/// <summary>
/// Kestrel's limits from <c>[server]</c>: a cap on open and on upgraded connections (each listener counts its own, so
/// the control socket stays reachable when the network listener is full), and deadlines for slow request headers,
/// idle keep-alive connections and slow bodies, so that slow-loris connections cannot hold the server.
/// </summary>
internal static class HttpServerLimits
{
    /// <summary>Largest request body (offers and trickle fragments are far smaller).</summary>
    public const long MaxRequestBodyBytes = 1024 * 1024;

    /// <summary>How long a body may start slowly before <see cref="HttpLimits.MinRequestBodyBytesPerSecond"/> applies.</summary>
    public static readonly TimeSpan BodyRateGrace = TimeSpan.FromSeconds(5);

    public static void Apply(KestrelServerLimits limits, HttpLimits http)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(http);
        limits.MaxConcurrentConnections = http.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = http.MaxUpgradedConnections;
        limits.RequestHeadersTimeout = http.RequestHeadersTimeout;
        limits.KeepAliveTimeout = http.KeepAliveTimeout;
        limits.MinRequestBodyDataRate = http.MinRequestBodyBytesPerSecond > 0 ? new MinDataRate(http.MinRequestBodyBytesPerSecond, BodyRateGrace) : null;
        limits.MaxRequestBodySize = MaxRequestBodyBytes;
    }
}
