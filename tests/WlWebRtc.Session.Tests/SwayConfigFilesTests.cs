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
    public void Xdpw_ChoosesTheFocusedOutputWithoutADialog()
    {
        var text = SwayConfigFiles.Xdpw(SessionOptions.Default with { MaxFps = 25 }, "/run/x/xdpw-chooser.sh");

        Assert.Contains("chooser_type=simple", text, StringComparison.Ordinal);
        Assert.Contains("chooser_cmd=/bin/sh /run/x/xdpw-chooser.sh", text, StringComparison.Ordinal);
        Assert.Contains("max_fps=25", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Output HEADLESS-1 'Unknown Unknown Unknown'\n  Current mode: 1280x720\nOutput HEADLESS-2 'Unknown Unknown Unknown' (focused)\n", "HEADLESS-2")]
    [InlineData("Output HEADLESS-1 'Unknown Unknown Unknown'\nOutput HEADLESS-2 'Unknown Unknown Unknown'\n", "HEADLESS-1")]
    public async Task OutputChooser_SwayListing_PrintsTheFocusedElseTheFirstOutput(string listing, string expected)
    {
        // a fake swaymsg on PATH prints the listing: the script runs as the portal runs it
        var directory = Directory.CreateTempSubdirectory("wlwebrtc-chooser-");
        try
        {
            var fake = Path.Combine(directory.FullName, "swaymsg");
            await File.WriteAllTextAsync(fake, "#!/bin/sh\nprintf '" + listing.Replace("'", "'\\''", StringComparison.Ordinal) + "'\n");
            File.SetUnixFileMode(fake, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            var script = Path.Combine(directory.FullName, "chooser.sh");
            await File.WriteAllTextAsync(script, SwayConfigFiles.OutputChooser);
            var start = new System.Diagnostics.ProcessStartInfo("/bin/sh", [script]) { RedirectStandardOutput = true };
            start.Environment["PATH"] = directory.FullName + ":/usr/bin:/bin";
            using var process = System.Diagnostics.Process.Start(start)!;
            var printed = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();

            Assert.Equal(expected + "\n", printed);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
