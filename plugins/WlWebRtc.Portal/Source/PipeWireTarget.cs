namespace WlWebRtc.Portal.Source;

/// <summary>Where a capture stream connects: a socket fd to PipeWire (the portal's, or any) and the node to consume.</summary>
/// <param name="Fd">A connected PipeWire socket; ownership passes to the source.</param>
/// <param name="NodeId">The video node (the portal's stream node id).</param>
/// <param name="Description">For logs and status, e.g. "HEADLESS-1 1280x720".</param>
internal sealed record PipeWireTarget(int Fd, uint NodeId, string Description);
