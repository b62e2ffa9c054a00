using WlWebRtc.Encoder.Nvenc;
using WlWebRtc.Encoder.Tests.Support;
using WlWebRtc.Encoder.Vaapi;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.Encoder.Tests;

/// <summary>The VA-API and NVENC plugins on a machine without a GPU: they must say exactly why they cannot run.</summary>
public sealed class GpuPluginTests
{
    private static HardwareInventory WithGpus(params GpuDevice[] gpus) => HardwareInventory.Empty with { Gpus = gpus };

    private static GpuDevice Gpu(string node, Detection status, string? vendor, params string[] entrypoints) =>
        new(node, 0x8086, 0x46a6, "i915", new VaapiInfo(status, vendor, entrypoints));

    [Fact]
    public void Metadata_Priorities_NvencAboveVaapiAboveX264()
    {
        Assert.Equal(("nvenc", 300, ProbeIsolation.ChildProcess), (new NvencEncoderPlugin().Metadata.Name, new NvencEncoderPlugin().Metadata.Priority, new NvencEncoderPlugin().Metadata.ProbeIsolation));
        Assert.Equal(("vaapi", 200, ProbeIsolation.ChildProcess), (new VaapiEncoderPlugin().Metadata.Name, new VaapiEncoderPlugin().Metadata.Priority, new VaapiEncoderPlugin().Metadata.ProbeIsolation));
    }

    [Fact]
    public async Task VaapiProbe_NoRenderNode_UnavailableSayingSo()
    {
        var result = await new VaapiEncoderPlugin().ProbeAsync(TestContexts.Create(HardwareInventory.Empty), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Equal("no DRM render node in /dev/dri", result.Reason);
    }

    [Fact]
    public void VaapiSelection_DriverWithoutH264Encode_ReasonNamesTheEntrypoints()
    {
        var device = VaapiDeviceSelection.Select(WithGpus(Gpu("/dev/dri/renderD128", Detection.Present("ok"), "Mesa Gallium")), "auto", false, out var reason);
        Assert.Null(device);
        Assert.Contains("no H.264 encode entrypoint (EncSlice or EncSliceLP)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VaapiSelection_LibvaFailedToInitialise_ReasonCarriesLibvaReason()
    {
        var device = VaapiDeviceSelection.Select(WithGpus(Gpu("/dev/dri/renderD128", Detection.Absent("vaInitialize failed: unknown libva error"), null)), "auto", false, out var reason);
        Assert.Null(device);
        Assert.Contains("vaInitialize failed: unknown libva error", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VaapiSelection_ConfiguredNodeMissing_ReasonListsFoundNodes()
    {
        var device = VaapiDeviceSelection.Select(WithGpus(Gpu("/dev/dri/renderD128", Detection.Present("ok"), "Intel iHD", "EncSlice")), "/dev/dri/renderD129", false, out var reason);
        Assert.Null(device);
        Assert.Contains("/dev/dri/renderD129 was not found (found: /dev/dri/renderD128)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VaapiSelection_LowPowerWithoutEncSliceLp_Rejected()
    {
        var device = VaapiDeviceSelection.Select(WithGpus(Gpu("/dev/dri/renderD128", Detection.Present("ok"), "Intel iHD", "EncSlice")), "auto", true, out var reason);
        Assert.Null(device);
        Assert.Contains("low-power", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VaapiSelection_SecondNodeEncodes_PicksIt()
    {
        var device = VaapiDeviceSelection.Select(
            WithGpus(Gpu("/dev/dri/renderD128", Detection.Present("ok"), "Mesa"), Gpu("/dev/dri/renderD129", Detection.Present("ok"), "Intel iHD", "EncSlice", "EncSliceLP")),
            "auto", true, out var reason);
        Assert.Equal("/dev/dri/renderD129", device);
        Assert.Contains("EncSliceLP", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VaapiProbe_InventoryClaimsAnEncoderThatIsNotThere_RealTestEncodeFailsWithFFmpegsReason()
    {
        var hardware = WithGpus(Gpu("/dev/dri/renderD199", Detection.Present("ok"), "Intel iHD", "EncSlice"));
        var result = await new VaapiEncoderPlugin().ProbeAsync(TestContexts.Create(hardware), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Contains("vaapi test encode failed", result.Reason, StringComparison.Ordinal);
        Assert.Contains("/dev/dri/renderD199", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void VaapiCreateEncoder_NoGpu_ThrowsWithReason()
    {
        var error = Assert.Throws<VideoEncoderException>(() => new VaapiEncoderPlugin().CreateEncoder(new EncoderSettings(640, 360, 30, 1_000_000), TestContexts.Create()));
        Assert.Contains("no DRM render node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvencProbe_NoNvidiaDriver_UnavailableNamingEachMissingPart()
    {
        var hardware = HardwareInventory.Empty with
        {
            Nvidia = new NvidiaInfo(Detection.Absent("/proc/driver/nvidia/version not found"), null, Detection.Absent("libnvidia-encode.so.1 not found"), Detection.Absent("libcuda.so.1 not found")),
        };
        var result = await new NvencEncoderPlugin().ProbeAsync(TestContexts.Create(hardware), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Contains("NVIDIA driver not loaded: /proc/driver/nvidia/version not found", result.Reason, StringComparison.Ordinal);
        Assert.Contains("libnvidia-encode unavailable", result.Reason, StringComparison.Ordinal);
        Assert.Contains("libcuda unavailable", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NvencProbe_InventoryClaimsNvidiaThatIsNotThere_RealTestEncodeFailsWithReason()
    {
        var hardware = HardwareInventory.Empty with
        {
            Nvidia = new NvidiaInfo(Detection.Present("ok"), "550.54", Detection.Present("ok"), Detection.Present("ok")),
        };
        var result = await new NvencEncoderPlugin().ProbeAsync(TestContexts.Create(hardware), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Contains("nvenc test encode failed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSettings_BadGpuTables_ReturnEveryError()
    {
        var vaapi = new VaapiEncoderPlugin().ValidateSettings(TestContexts.Settings(("device", "card0"), ("async-depth", "0"), ("low-power", "yes")));
        Assert.Equal(["async-depth", "device", "low-power"], vaapi.Select(e => e.Key).Order(StringComparer.Ordinal));
        var nvenc = new NvencEncoderPlugin().ValidateSettings(TestContexts.Settings(("preset", "p9"), ("tune", "fast"), ("gpu", "-1")));
        Assert.Equal(["gpu", "preset", "tune"], nvenc.Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
