using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware.Vaapi;

namespace WlWebRtc.Host.Hardware.Gpu;

/// <summary>The render nodes, then VA-API on each of them concurrently, each step bounded by the guard.</summary>
internal sealed class GpuDetector(RenderNodeScanner scanner, VaapiProbe vaapi, DetectionGuard guard)
{
    public async Task<(RenderNodeScan Scan, IReadOnlyList<GpuDevice> Gpus)> DetectAsync(CancellationToken cancellationToken)
    {
        var scan = await guard.RunBlockingAsync("render nodes", _ => scanner.Scan(), RenderNodeScan.None, cancellationToken);
        var vaapiInfos = await Task.WhenAll(scan.Nodes.Select(node => guard.RunBlockingAsync(
            $"vaapi {node.Path}",
            _ => vaapi.Probe(node.Path),
            reason => new VaapiInfo(Detection.Absent(reason), null, []),
            cancellationToken)));
        var gpus = scan.Nodes
            .Zip(vaapiInfos, (node, info) => new GpuDevice(node.Path, node.PciVendorId, node.PciDeviceId, node.KernelDriver, info))
            .ToArray();
        return (scan, gpus);
    }
}
