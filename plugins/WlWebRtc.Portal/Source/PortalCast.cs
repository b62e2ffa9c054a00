using WlWebRtc.PipeWire.Capture;
using WlWebRtc.Portal.Session;
using WlWebRtc.Sway;

namespace WlWebRtc.Portal.Source;

/// <summary>One portal cast: its session, the PipeWire capture of its stream, and what is known of the output it shows.</summary>
/// <param name="Capture">The PipeWire capture of the cast's stream (not started).</param>
/// <param name="Session">The portal session that owns the stream.</param>
/// <param name="OutputName">The compositor's name for the cast output, when it can be told.</param>
/// <param name="Resizer">How sway resizes that output, on sway.</param>
internal sealed record PortalCast(PipeWireCaptureSource Capture, PortalCaptureSession Session, string? OutputName, SwayOutputResizer? Resizer);

/// <summary>Opens a new cast of the output named (null: whichever the portal picks).</summary>
internal delegate Task<PortalCast> PortalCastOpener(string? outputName, CancellationToken cancellationToken);
