using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware.Drm;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class RenderNodeScannerTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private RenderNodeScan Scan() => new RenderNodeScanner(_tree.PathOf("dev"), _tree.PathOf("sys")).Scan();

    /// <summary>A render node as the kernel lays it out: the device file, its sysfs attributes and driver link.</summary>
    private void AddNode(string name, string? vendor, string? device, string? driver)
    {
        _tree.File($"dev/dri/{name}", string.Empty);
        var sysDevice = $"sys/devices/pci0000:00/0000:00:02.0";
        _tree.Dir(sysDevice);
        var nodeDir = _tree.Dir($"sys/devices/pci0000:00/0000:00:02.0/drm/{name}");
        _tree.Symlink($"sys/class/drm/{name}", nodeDir);
        var deviceLink = _tree.PathOf($"sys/devices/pci0000:00/0000:00:02.0/drm/{name}/device");
        if (!File.Exists(deviceLink) && !Directory.Exists(deviceLink))
        {
            File.CreateSymbolicLink(deviceLink, _tree.PathOf(sysDevice));
        }

        if (vendor is not null)
        {
            _tree.File($"{sysDevice}/vendor", vendor);
        }

        if (device is not null)
        {
            _tree.File($"{sysDevice}/device", device);
        }

        if (driver is not null)
        {
            var driverDir = _tree.Dir($"sys/bus/pci/drivers/{driver}");
            File.CreateSymbolicLink(_tree.PathOf($"{sysDevice}/driver"), driverDir);
        }
    }

    [Fact]
    public void Scan_NoDriDirectory_AbsentSayingItDoesNotExist()
    {
        var scan = Scan();

        Assert.False(scan.Status.IsPresent);
        Assert.Contains("no DRM render node in", scan.Status.Reason, StringComparison.Ordinal);
        Assert.Contains("does not exist", scan.Status.Reason, StringComparison.Ordinal);
        Assert.Empty(scan.Nodes);
    }

    [Fact]
    public void Scan_DriWithOnlyCardNodes_Absent()
    {
        _tree.File("dev/dri/card0", string.Empty);

        var scan = Scan();

        Assert.False(scan.Status.IsPresent);
        Assert.Equal($"no DRM render node in {_tree.PathOf("dev/dri")}", scan.Status.Reason);
    }

    [Fact]
    public void Scan_IntelNode_ReadsVendorDeviceAndDriver()
    {
        AddNode("renderD128", "0x8086\n", "0x4680\n", "i915");

        var scan = Scan();

        Assert.True(scan.Status.IsPresent);
        var node = Assert.Single(scan.Nodes);
        Assert.Equal(new RenderNode(_tree.PathOf("dev/dri/renderD128"), 0x8086, 0x4680, "i915"), node);
        Assert.Contains("renderD128", scan.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Scan_SeveralNodes_OrderedByNumber()
    {
        _tree.File("dev/dri/renderD129", string.Empty);
        _tree.File("dev/dri/renderD128", string.Empty);
        _tree.File("dev/dri/renderD200", string.Empty);
        _tree.File("dev/dri/card0", string.Empty);

        var scan = Scan();

        Assert.Equal(["renderD128", "renderD129", "renderD200"], scan.Nodes.Select(n => Path.GetFileName(n.DevicePath)));
    }

    [Fact]
    public void Scan_NodeWithoutSysfsEntry_ZeroIdsAndUnknownDriver()
    {
        _tree.File("dev/dri/renderD128", string.Empty);

        var node = Assert.Single(Scan().Nodes);

        Assert.Equal(0, node.PciVendorId);
        Assert.Equal(0, node.PciDeviceId);
        Assert.Equal("unknown", node.KernelDriver);
    }

    [Fact]
    public void Scan_UnreadableAttributes_ZeroIdsAndUnknownDriver()
    {
        AddNode("renderD128", vendor: null, device: "not hex", driver: null);
        // A directory where the vendor file should be: reading it fails like an unreadable file.
        _tree.Dir("sys/devices/pci0000:00/0000:00:02.0/vendor");

        var node = Assert.Single(Scan().Nodes);

        Assert.Equal(0, node.PciVendorId);
        Assert.Equal(0, node.PciDeviceId);
        Assert.Equal("unknown", node.KernelDriver);
    }

    [Fact]
    public void Scan_IdsWithoutHexPrefix_ParsedAsHex()
    {
        AddNode("renderD128", "10de\n", "2684\n", "nvidia");

        var node = Assert.Single(Scan().Nodes);

        Assert.Equal((0x10de, 0x2684, "nvidia"), (node.PciVendorId, node.PciDeviceId, node.KernelDriver));
    }

    [Fact]
    public void Scan_AmdNodeWithUppercaseHex_Parsed()
    {
        AddNode("renderD128", "0x1002", "0x73BF", "amdgpu");

        var node = Assert.Single(Scan().Nodes);

        Assert.Equal((0x1002, 0x73bf, "amdgpu"), (node.PciVendorId, node.PciDeviceId, node.KernelDriver));
    }
}
