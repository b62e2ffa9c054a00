using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Drm;

/// <summary>The render nodes found, and in words how many or why none.</summary>
internal sealed record RenderNodeScan(Detection Status, IReadOnlyList<RenderNode> Nodes)
{
    public static RenderNodeScan None(string reason) => new(Detection.Absent(reason), []);
}
