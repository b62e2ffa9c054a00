using System.Text;
using System.Text.Json;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 17 (clipboard rules), end to end on a real headless sway: pages send on the clipboard channel directly, as a
/// hostile page would (past the viewer's own checks), and wl-paste shows what reached the desktop.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class ClipboardRulesEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private const string ControlToken = "e2e-clipboard-rules-control-token-0123";
    private const string DesktopText = "the desktop's own text";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly string[] Permissions = ["clipboard-read", "clipboard-write"];

    // sends the messages on the page's clipboard channel; false while it is not open
    private const string SendRaw = """
        messages => {
          const channel = window.__channels && window.__channels.clipboard;
          if (!channel || channel.readyState !== 'open') return false;
          for (const message of messages) channel.send(message);
          return true;
        }
        """;

    private const string Received = "() => window.__clipboardReceived || []";

    [Fact]
    public async Task Clipboard_ViewOnlyAndOversizeItems_NothingReachesTheDesktop()
    {
        await using var server = await StartServerAsync("both", maxBytes: 1000);
        try
        {
            using var original = await CopyOnTheDesktopAsync();
            await using var control = await OpenControlViewerAsync(server);
            await WaitForConfigAsync(control, "both");
            await using var viewOnly = await ViewerPage.OpenAsync(server.ViewerUrl, Permissions);
            await WaitForConfigAsync(viewOnly, "off");

            // a view-only page sends a whole item anyway: dropped, and not answered
            await SendAsync(viewOnly, Item(1, "from a view-only viewer"));

            // the controlling page announces an item over max_bytes: refused before any chunk, with a message that says so
            await SendAsync(control, [Begin(2, 5000)]);
            await Poll.UntilAsync(async () => (await ErrorsAsync(control)).Contains("clipboard item too large"), "the page told its item is too large", Timeout);
            Assert.Equal(DesktopText, await PasteAsync());

            // an item within the limit goes through, after both refused ones
            await SendAsync(control, Item(3, "from the controlling viewer"));
            await Poll.UntilAsync(async () => await PasteAsync() == "from the controlling viewer", "the controlling page's item in wl-paste", Timeout);
            await Poll.UntilAsync(async () => (await ReceivedAsync(control)).Any(m => m.Contains("\"set\"", StringComparison.Ordinal)), "the page told its item is set", Timeout);
            Assert.All(await ReceivedAsync(viewOnly), m => Assert.Contains("\"config\"", m, StringComparison.Ordinal));
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    [Fact]
    public async Task Clipboard_DirectionToBrowser_PageItemRefusedAndTheDesktopKeepsItsText()
    {
        await using var server = await StartServerAsync("to_browser", maxBytes: 1000);
        try
        {
            using var original = await CopyOnTheDesktopAsync();
            await using var control = await OpenControlViewerAsync(server);
            await WaitForConfigAsync(control, "to_browser");

            await SendAsync(control, Item(1, "from the page"));

            await Poll.UntilAsync(async () => (await ErrorsAsync(control)).Contains("the clipboard does not go this way"), "the page told the clipboard does not go this way", Timeout);
            Assert.Equal(DesktopText, await PasteAsync());
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    /// <summary>The controlling viewer, playing: input (and with it the clipboard) starts with the first frame, which sway sends on damage.</summary>
    private async Task<ViewerPage> OpenControlViewerAsync(ServerProcess server)
    {
        var viewer = await ViewerPage.OpenAsync(ControlUrl(server), Permissions);
        try
        {
            var shade = 0;
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60), () => desktop.SetBackgroundAsync((++shade % 2) == 0 ? "#203040" : "#304050"));
            return viewer;
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
    }

    private static string ControlUrl(ServerProcess server) => server.ViewerUrl.Replace(DesktopServer.Token, ControlToken, StringComparison.Ordinal);

    private static string Begin(long id, int size) => JsonSerializer.Serialize(new { t = "begin", id, mime = "text/plain;charset=utf-8", size });

    private static string[] Item(long id, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return [Begin(id, bytes.Length), JsonSerializer.Serialize(new { t = "chunk", id, d = Convert.ToBase64String(bytes) })];
    }

    private static async Task SendAsync(ViewerPage page, string[] messages) =>
        await Poll.UntilAsync(async () => await page.Page.EvaluateAsync<bool>(SendRaw, messages), "the page's clipboard channel open", Timeout);

    private static async Task<string[]> ReceivedAsync(ViewerPage page) => await page.Page.EvaluateAsync<string[]>(Received);

    private static async Task<string> ErrorsAsync(ViewerPage page) =>
        string.Join('\n', (await ReceivedAsync(page)).Where(m => m.Contains("\"error\"", StringComparison.Ordinal)));

    private static async Task WaitForConfigAsync(ViewerPage page, string direction) =>
        await Poll.UntilAsync(
            async () => (await ReceivedAsync(page)).Any(m => m.Contains("\"config\"", StringComparison.Ordinal) && m.Contains($"\"direction\":\"{direction}\"", StringComparison.Ordinal)),
            $"the clipboard channel's config with direction {direction}",
            TimeSpan.FromSeconds(60));

    /// <summary>An application of the session holds <see cref="DesktopText"/> as the selection (until disposed).</summary>
    private async Task<DesktopProcess> CopyOnTheDesktopAsync()
    {
        var copy = desktop.StartProcess("wl-copy-own", "wl-copy", "--foreground", "--type", "text/plain", DesktopText);
        await Poll.UntilAsync(async () => await PasteAsync() == DesktopText, "the desktop's own text in wl-paste", Timeout);
        return copy;
    }

    private async Task<string?> PasteAsync()
    {
        var result = await desktop.RunAsync("wl-paste", ["--no-newline", "--type", "text/plain"], Timeout);
        return result.ExitCode == 0 ? result.StandardOutput : null;
    }

    private Task<ServerProcess> StartServerAsync(string direction, int maxBytes) => ServerProcess.StartAsync(new ServerLaunch("portal", DesktopServer.Token, $"""
        control_token = "{ControlToken}"

        [capture]
        max_fps = 30

        [capture.portal]
        persist_restore_token = false

        [input]
        plugin = "auto"

        [clipboard]
        direction = "{direction}"
        max_bytes = {maxBytes}
        """)
    {
        Environment = desktop.Environment,
        LogLevel = "debug",
        StartTimeout = TimeSpan.FromSeconds(120),
    });
}
