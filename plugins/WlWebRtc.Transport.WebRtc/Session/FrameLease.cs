using WlWebRtc.Media;
using WlWebRtc.Rtp.H264;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>A queued frame's reference on its access unit, with the packet plan shared by all viewers.</summary>
internal sealed class FrameLease(EncodedAccessUnit accessUnit, H264PacketPlan? plan) : IDisposable
{
    public H264PacketPlan? Plan { get; } = plan;

    public void Dispose() => accessUnit.Dispose();
}
