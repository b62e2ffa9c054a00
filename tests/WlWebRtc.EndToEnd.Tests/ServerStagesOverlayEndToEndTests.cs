using System.Globalization;
using System.Text.RegularExpressions;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing.Desktop;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 14, per-stage latency "in the viewer's stats overlay": the real server on headless mutter sends each viewer
/// its stages once a second, and the built-in viewer in headless Chromium shows them beside the browser's own
/// (decode, render from requestVideoFrameCallback) in the overlay's text; once the screen is static, it says the
/// server is idle rather than show the last frames' stages.
/// </summary>
[Collection(MutterGroup.Name)]
public sealed partial class ServerStagesOverlayEndToEndTests(SmallMutter mutter, ITestOutputHelper output)
{
    private const string Token = "e2e-stages-token-0123456789";

    /// <summary>
    /// A stage over this many ms is not plausible for a frame of a running stream, however loaded the machine. The
    /// first frames are (they waited, captured, for the first viewer to connect), so the test waits until the
    /// overlay's medians are of the terminal's frames.
    /// </summary>
    private const double Implausible = 2_000;

    [Fact]
    public async Task Overlay_Shown_ListsTheServerStagesBesideTheViewersOwn()
    {
        await using var server = await MutterServer.StartAsync(mutter, Token);
        DesktopProcess? foot = null;
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl + "&stats=1");
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));

            // a terminal printing keeps frames coming, so every stage has recent samples
            foot = mutter.StartProcess("foot-e2e-stages", "foot", "sh", "-c", "while true; do date; sleep 0.1; done");
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            string text = "";
            Match serverLine = Match.Empty;
            Match viewerLine = Match.Empty;
            while (DateTime.UtcNow < deadline)
            {
                text = await viewer.Page.Locator("#stats").TextContentAsync() ?? "";
                serverLine = ServerLine().Match(text);
                viewerLine = ViewerLine().Match(text);
                if (serverLine.Success && viewerLine.Success && Stages(serverLine).All(v => v is > 0 and <= Implausible)
                    && Number(viewerLine.Groups["decode"]) is > 0 and <= Implausible && Number(viewerLine.Groups["render"]) is > 0 and <= Implausible)
                {
                    break;
                }

                await Task.Delay(500);
            }

            output.WriteLine(text);
            Assert.True(serverLine.Success, $"the overlay shows no server stages:\n{text}\nconsole:\n{viewer.ConsoleText}");
            Assert.True(viewerLine.Success, $"the overlay shows no viewer stages:\n{text}");
            Assert.All(Stages(serverLine), v => Assert.InRange(v, double.Epsilon, Implausible));
            Assert.InRange(Number(viewerLine.Groups["decode"]), double.Epsilon, Implausible);
            Assert.Matches(@"stages total \d+\.\d ms \(server \d+\.\d \+ viewer \d+\.\d\)", text);

            // render: requestVideoFrameCallback's expected display time less its presentation time (0.0 in the first
            // second or so, before Chromium's compositor paces frames; then about one frame interval)
            Assert.InRange(Number(viewerLine.Groups["render"]), double.Epsilon, Implausible);

            // The terminal gone, the screen is static: nothing new is encoded, and the overlay says so instead of
            // showing the last frames' stages as current.
            foot.Stop();
            foot = null;
            var idle = Match.Empty;
            deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
            while (DateTime.UtcNow < deadline && !idle.Success)
            {
                await Task.Delay(500);
                text = await viewer.Page.Locator("#stats").TextContentAsync() ?? "";
                idle = IdleLine().Match(text);
            }

            output.WriteLine(text);
            Assert.True(idle.Success, $"a static screen, and the overlay does not say the server is idle:\n{text}");
            Assert.True(Number(idle.Groups["seconds"]) >= 2, text);
            Assert.DoesNotMatch(ServerLine(), text);
        }
        finally
        {
            foot?.Stop();
            output.WriteLine(server.Output);
        }
    }

    private static double[] Stages(Match line) =>
        [Number(line.Groups["capture"]), Number(line.Groups["convert"]), Number(line.Groups["encode"]), Number(line.Groups["pacing"])];

    private static double Number(Group group) =>
        double.TryParse(group.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : double.NaN;

    [GeneratedRegex(@"server: capture (?<capture>\S+)  convert (?<convert>\S+)  encode (?<encode>\S+)  pacing\+send (?<pacing>\S+) ms")]
    private static partial Regex ServerLine();

    [GeneratedRegex(@"server: idle \(no new frames for (?<seconds>\d+\.\d) s\)")]
    private static partial Regex IdleLine();

    [GeneratedRegex(@"viewer: network (?<network>\S+)  jitter buffer (?<jitter>\S+)  decode (?<decode>\S+)  render (?<render>\S+) ms")]
    private static partial Regex ViewerLine();
}
