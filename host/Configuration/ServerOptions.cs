using System.Net;

namespace WlWebRtc.Host.Configuration;

/// <summary>The <c>[server]</c> table: where viewers connect and what they must present.</summary>
internal sealed record ServerOptions(
    IPEndPoint Listen,
    string? Token,
    string? ControlToken,
    int MaxViewers,
    TlsOptions Tls,
    string? ControlSocket);

/// <summary>The <c>[server.tls]</c> table.</summary>
internal sealed record TlsOptions(bool Enabled, string? CertificateFile, string? KeyFile, bool SelfSigned);
