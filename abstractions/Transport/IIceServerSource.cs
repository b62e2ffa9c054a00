namespace WlWebRtc.Transport;

/// <summary>
/// A role a transport may take: it knows which STUN and TURN servers viewers should use to reach it. Signaling asks
/// once per viewer (credentials may be minted per call), through <see cref="Signaling.IViewerGateway.GetIceServers"/>.
/// </summary>
public interface IIceServerSource
{
    /// <summary>The servers for one viewer, with fresh credentials; empty when none are configured.</summary>
    IReadOnlyList<IceServer> GetIceServers();
}
