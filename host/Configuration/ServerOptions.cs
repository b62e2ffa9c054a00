using System.Net;

namespace WlWebRtc.Host.Configuration;

/// <summary>The <c>[server]</c> table: where viewers connect and what they must present.</summary>
/// <param name="MetricsToken">The token <c>/metrics</c> needs on the network listener; null: <c>/metrics</c> only on the control socket.</param>
internal sealed record ServerOptions(
    IPEndPoint Listen,
    string? Token,
    string? ControlToken,
    int MaxViewers,
    TlsOptions Tls,
    string? ControlSocket,
    string? MetricsToken,
    HttpLimits Http);

/// <summary>The <c>[server.tls]</c> table.</summary>
internal sealed record TlsOptions(bool Enabled, string? CertificateFile, string? KeyFile, bool SelfSigned);

/// <summary>Limits of the HTTP server (the <c>[server]</c> keys of the same names), against slow or piled-up connections.</summary>
/// <param name="MaxConnections">Most open connections at once (Kestrel closes the ones beyond).</param>
/// <param name="MaxUpgradedConnections">Most upgraded (WebSocket) connections at once.</param>
/// <param name="RequestHeadersTimeout">Time a client has to send a request's headers.</param>
/// <param name="KeepAliveTimeout">Time an idle keep-alive connection is kept open.</param>
/// <param name="MinRequestBodyBytesPerSecond">Slowest request body upload accepted (after a 5 s grace).</param>
internal sealed record HttpLimits(
    int MaxConnections, int MaxUpgradedConnections, TimeSpan RequestHeadersTimeout, TimeSpan KeepAliveTimeout, double MinRequestBodyBytesPerSecond)
{
    public static readonly HttpLimits Default = new(256, 128, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 240);
}
