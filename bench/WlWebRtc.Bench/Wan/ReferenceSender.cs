using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Network;

namespace WlWebRtc.Bench.Wan;

/// <summary>The aiortc + x264 reference sender (filled in below).</summary>
internal static class ReferenceSender
{
    public static Task<WanRunResult> RunAsync(HeadlessDesktop desktop, WanProfile profile, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("not yet");
}
