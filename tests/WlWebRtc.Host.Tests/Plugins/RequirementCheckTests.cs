using WlWebRtc.Hardware;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Tests.Plugins;

/// <summary>The host checks only generic requirements; what a technology needs on top is the plugin's probe.</summary>
public sealed class RequirementCheckTests
{
    [Fact]
    public void FindMissing_RenderNodeWithoutAny_SaysNoneFound()
    {
        Assert.Equal("needs a DRM render node (none found)", RequirementCheck.FindMissing(HardwareRequirements.RenderNode, HardwareInventory.Empty));
    }

    [Fact]
    public void FindMissing_RenderNodePresent_NothingMissing()
    {
        var hardware = HardwareInventory.Empty with { RenderNodes = [new RenderNode("/dev/dri/renderD128", 0x1002, 0x73bf, "amdgpu")] };

        Assert.Null(RequirementCheck.FindMissing(HardwareRequirements.RenderNode, hardware));
    }

    [Fact]
    public void FindMissing_NoRequirement_NothingMissingOnAnEmptyMachine()
    {
        Assert.Null(RequirementCheck.FindMissing(HardwareRequirements.None, HardwareInventory.Empty));
    }
}
