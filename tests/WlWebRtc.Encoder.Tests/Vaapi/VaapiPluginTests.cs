using WlWebRtc.Encoder.Tests.Support;
using WlWebRtc.Encoder.Vaapi;
using WlWebRtc.Encoder.Vaapi.Probing;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.Encoder.Tests.Vaapi;

/// <summary>
/// The VA-API plugin on a machine without a GPU: the host lists render nodes, the plugin asks libva about them
/// (here a scripted libva), and must say exactly why it cannot run.
/// </summary>
public sealed class VaapiPluginTests
{
    private const string Node128 = "/dev/dri/renderD128";
    private const string Node129 = "/dev/dri/renderD129";

    private static HardwareInventory WithNodes(params string[] paths) =>
        HardwareInventory.Empty with { RenderNodes = [.. paths.Select(path => new RenderNode(path, 0x8086, 0x46a6, "i915"))] };

    private static VaapiInfo Info(Detection status, string? vendor, params string[] entrypoints) => new(status, vendor, entrypoints);

    private static string? Select(string configuredDevice, bool lowPower, out string reason, params (string Node, VaapiInfo Info)[] nodes)
    {
        var byNode = nodes.ToDictionary(n => n.Node, n => n.Info);
        return VaapiDeviceSelection.Select(WithNodes([.. nodes.Select(n => n.Node)]).RenderNodes, configuredDevice, lowPower, node => byNode[node], out reason);
    }

    [Fact]
    public void Metadata_PriorityIsolationAndGenericRequirement()
    {
        var metadata = new VaapiEncoderPlugin().Metadata;
        Assert.Equal(("vaapi", 200, ProbeIsolation.ChildProcess), (metadata.Name, metadata.Priority, metadata.ProbeIsolation));
        Assert.Equal(HardwareRequirements.RenderNode, metadata.Requires);
    }

    [Fact]
    public async Task ProbeAsync_NoRenderNode_UnavailableSayingSoWithoutAskingLibva()
    {
        var libva = new FakeVaapiNative();
        var result = await new VaapiEncoderPlugin(libva).ProbeAsync(TestContexts.Create(HardwareInventory.Empty), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Equal("no DRM render node in /dev/dri", result.Reason);
        Assert.Empty(libva.Opened);
    }

    [Fact]
    public async Task ProbeAsync_LibvaMissing_UnavailableNamingTheNodeAndThePackage()
    {
        var libva = new FakeVaapiNative { LoadError = "libva.so.2 not installed (Debian: apt-get install libva2)" };
        var result = await new VaapiEncoderPlugin(libva).ProbeAsync(TestContexts.Create(WithNodes(Node128)), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Equal($"{Node128} (i915): VA-API unavailable: libva.so.2 not installed (Debian: apt-get install libva2)", result.Reason);
    }

    [Fact]
    public async Task ProbeAsync_RealLibvaOnANodeThatIsNotThere_UnavailableWithLibvasReason()
    {
        // The real libva on a node that does not exist (there is no GPU here): the probe runs libva and reports why.
        var result = await new VaapiEncoderPlugin().ProbeAsync(TestContexts.Create(WithNodes("/nonexistent/renderD128")), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Contains("/nonexistent/renderD128 (i915): VA-API unavailable: cannot open /nonexistent/renderD128", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_DriverWithoutH264Encode_ReasonNamesTheEntrypoints()
    {
        var device = Select("auto", false, out var reason, (Node128, Info(Detection.Present("ok"), "Mesa Gallium")));
        Assert.Null(device);
        Assert.Contains("no H.264 encode entrypoint (EncSlice or EncSliceLP)", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_LibvaFailedToInitialise_ReasonCarriesLibvaReason()
    {
        var device = Select("auto", false, out var reason, (Node128, Info(Detection.Absent("vaInitialize failed: unknown libva error"), null)));
        Assert.Null(device);
        Assert.Contains("vaInitialize failed: unknown libva error", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_ConfiguredNodeMissing_ReasonListsFoundNodes()
    {
        var device = Select(Node129, false, out var reason, (Node128, Info(Detection.Present("ok"), "Intel iHD", "EncSlice")));
        Assert.Null(device);
        Assert.Contains($"{Node129} was not found (found: {Node128})", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_LowPowerWithoutEncSliceLp_Rejected()
    {
        var device = Select("auto", true, out var reason, (Node128, Info(Detection.Present("ok"), "Intel iHD", "EncSlice")));
        Assert.Null(device);
        Assert.Contains("low-power", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_SecondNodeEncodes_PicksIt()
    {
        var device = Select(
            "auto", true, out var reason,
            (Node128, Info(Detection.Present("ok"), "Mesa")),
            (Node129, Info(Detection.Present("ok"), "Intel iHD", "EncSlice", "EncSliceLP")));
        Assert.Equal(Node129, device);
        Assert.Contains("EncSliceLP", reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Select_FirstNodeEncodes_LaterNodesAreNotProbed()
    {
        var probed = new List<string>();
        var device = VaapiDeviceSelection.Select(WithNodes(Node128, Node129).RenderNodes, "auto", false, node =>
        {
            probed.Add(node);
            return Info(Detection.Present("ok"), "Intel iHD", "EncSlice");
        }, out _);
        Assert.Equal(Node128, device);
        Assert.Equal([Node128], probed);
    }

    [Fact]
    public async Task ProbeAsync_LibvaClaimsAnEncoderThatIsNotThere_RealTestEncodeFailsWithFFmpegsReason()
    {
        var libva = new FakeVaapiNative
        {
            Display = new FakeVaapiDisplay
            {
                Profiles = [VaConstants.ProfileH264ConstrainedBaseline],
                Entrypoints = new() { [VaConstants.ProfileH264ConstrainedBaseline] = [VaConstants.EntrypointEncSlice] },
            },
        };
        var result = await new VaapiEncoderPlugin(libva).ProbeAsync(TestContexts.Create(WithNodes("/dev/dri/renderD199")), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Contains("vaapi test encode failed", result.Reason, StringComparison.Ordinal);
        Assert.Contains("/dev/dri/renderD199", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateEncoder_NoRenderNode_ThrowsWithReason()
    {
        var error = Assert.Throws<VideoEncoderException>(() => new VaapiEncoderPlugin().CreateEncoder(new EncoderSettings(640, 360, 30, 1_000_000), TestContexts.Create()));
        Assert.Contains("no DRM render node", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSettings_BadTable_ReturnsEveryError()
    {
        var errors = new VaapiEncoderPlugin().ValidateSettings(TestContexts.Settings(("device", "card0"), ("async-depth", "0"), ("low-power", "yes")));
        Assert.Equal(["async-depth", "device", "low-power"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }
}
