using WlWebRtc.Session.Sway;

namespace WlWebRtc.Session.Tests;

public sealed class SwayConfigFilesTests
{
    [Fact]
    public void Sway_Options_SetTheOutputTheClientsAndThePanel()
    {
        var text = SwayConfigFiles.Sway(SessionOptions.Default with { Width = 1280, Height = 720, Clients = ["foot", "foot -e top"], Panel = true });
        var lines = text.Split('\n');

        Assert.Contains("output HEADLESS-1 mode 1280x720 position 0 0 scale 1", lines);
        Assert.Contains("exec foot", lines);
        Assert.Contains("exec foot -e top", lines);
        Assert.Contains("bar {", lines);
        Assert.Contains("xwayland disable", lines);
    }

    [Fact]
    public void Sway_NoPanelNoClients_HasNeither()
    {
        var text = SwayConfigFiles.Sway(SessionOptions.Default with { Clients = [], Panel = false });

        Assert.DoesNotContain("bar {", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\nexec ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Xdpw_ChoosesTheHeadlessOutputWithoutADialog()
    {
        var text = SwayConfigFiles.Xdpw(SessionOptions.Default with { MaxFps = 25 });

        Assert.Contains("output_name=HEADLESS-1", text, StringComparison.Ordinal);
        Assert.Contains("chooser_type=none", text, StringComparison.Ordinal);
        Assert.Contains("max_fps=25", text, StringComparison.Ordinal);
    }
}
