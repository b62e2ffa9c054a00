using System.Text.Json;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 17 (clipboard): text and images both ways; the built-in viewer in headless Chromium (clipboard permissions granted) ↔ the "clipboard"
/// data channel ↔ the server's clipboard router ↔ data control on a real headless sway, with wl-copy and wl-paste as
/// the session's applications.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class ClipboardEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private const string ControlToken = "e2e-clipboard-control-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0d, 0x0a, 0x1a, 0x0a];

    // draws a small picture and puts it on the browser's clipboard as image/png; returns in base64 the bytes the
    // clipboard holds then (Chromium decodes and re-encodes images it puts on the clipboard)
    private const string WritePng = """
        async () => {
          const canvas = document.createElement('canvas');
          canvas.width = 12; canvas.height = 7;
          const g = canvas.getContext('2d');
          g.fillStyle = '#c03020'; g.fillRect(0, 0, 12, 7);
          g.fillStyle = '#20c030'; g.fillRect(3, 2, 5, 3);
          const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
          await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
          const [item] = await navigator.clipboard.read();
          const bytes = new Uint8Array(await (await item.getType('image/png')).arrayBuffer());
          let binary = '';
          for (const b of bytes) binary += String.fromCharCode(b);
          return btoa(binary);
        }
        """;

    private const string ClipboardState = "() => JSON.stringify(window.wlwebrtcViewer.clipboard || null)";

    // what image the browser's clipboard holds: "WxH r,g,b" of the pixel at (5, 3), or why none; within 5 s
    private const string ReadBrowserImage = """
        async () => {
          const read = (async () => {
            const items = await navigator.clipboard.read();
            const item = items.find(i => i.types.includes('image/png'));
            if (!item) return 'no image: ' + items.map(i => i.types.join(',')).join(';');
            const bitmap = await createImageBitmap(await item.getType('image/png'));
            const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
            const g = canvas.getContext('2d');
            g.drawImage(bitmap, 0, 0);
            const p = g.getImageData(5, 3, 1, 1).data;
            return `${bitmap.width}x${bitmap.height} ${p[0]},${p[1]},${p[2]}`;
          })().catch(error => 'error: ' + error);
          return Promise.race([read, new Promise(resolve => setTimeout(() => resolve('timed out'), 5000))]);
        }
        """;

    // a 12x7 PNG filled with rgb(32, 96, 192)
    private static readonly byte[] DesktopPng = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAwAAAAHCAIAAACz0DtzAAAAEUlEQVR4nGNQSDhAEDEMa0UA7Q9pAcpdXR4AAAAASUVORK5CYII=");

    [Fact]
    public async Task Clipboard_ControlViewer_TextAndPngTravelBothWays()
    {
        await using var server = await StartServerAsync(maxBytes: 1_000_000);
        try
        {
            await using var viewer = await OpenViewerAsync(server.ViewerUrl.Replace(DesktopServer.Token, ControlToken, StringComparison.Ordinal), control: true);
            await WaitForClipboardAsync(viewer, "both");

            // desktop → browser: an application copies, the page's clipboard holds it
            using (desktop.StartProcess("wl-copy", "wl-copy", "--foreground", "--type", "text/plain;charset=utf-8", "copied in the remote session ✓"))
            {
                await Poll.UntilAsync(async () => await ReadBrowserTextAsync(viewer) == "copied in the remote session ✓", "the remote selection in the browser's clipboard", Timeout);
            }

            // desktop → browser: an image an application copies lands in the page's clipboard as image/png
            var copied = Path.Combine(Path.GetTempPath(), "wlwebrtc-e2e-copied-" + Guid.NewGuid().ToString("N")[..12] + ".png");
            await File.WriteAllBytesAsync(copied, DesktopPng);
            try
            {
                using (desktop.StartProcess("wl-copy-png", "sh", "-c", $"exec wl-copy --foreground --type image/png < '{copied}'"))
                {
                    await Poll.UntilAsync(
                        async () =>
                        {
                            await FocusAsync(viewer);
                            return await viewer.Page.EvaluateAsync<string>(ReadBrowserImage) == "12x7 32,96,192";
                        },
                        "the remote image in the browser's clipboard",
                        Timeout);
                }
            }
            finally
            {
                File.Delete(copied);
            }

            // browser → desktop: text, sent when the page gains focus
            await viewer.Page.EvaluateAsync("() => navigator.clipboard.writeText('written by the page: äöü')");
            await FocusAsync(viewer);
            await Poll.UntilAsync(async () => await PasteAsync("text/plain") == "written by the page: äöü", "the page's text in wl-paste", Timeout);

            // browser → desktop: a PNG image
            var png = Convert.FromBase64String(await viewer.Page.EvaluateAsync<string>(WritePng));
            Assert.True(png.AsSpan().StartsWith(PngSignature));
            await FocusAsync(viewer);
            var file = Path.Combine(Path.GetTempPath(), "wlwebrtc-e2e-pasted-" + Guid.NewGuid().ToString("N")[..12] + ".png");
            try
            {
                await Poll.UntilAsync(async () =>
                {
                    var paste = await desktop.RunAsync("sh", ["-c", $"wl-paste --no-newline --type image/png > '{file}'"], Timeout);
                    return paste.ExitCode == 0 && File.Exists(file) && (await File.ReadAllBytesAsync(file)).AsSpan().SequenceEqual(png);
                }, "the page's PNG in wl-paste", Timeout);
            }
            finally
            {
                File.Delete(file);
            }

            using var state = JsonDocument.Parse(await viewer.Page.EvaluateAsync<string>(ClipboardState));
            Assert.True(state.RootElement.GetProperty("acknowledged").GetInt32() >= 2, state.RootElement.ToString());
        }
        finally
        {
            output.WriteLine(server.Output);
        }
    }

    private Task<ServerProcess> StartServerAsync(int maxBytes) => ServerProcess.StartAsync(new ServerLaunch("portal", DesktopServer.Token, $"""
        control_token = "{ControlToken}"

        [capture]
        max_fps = 30

        [capture.portal]
        persist_restore_token = false

        [input]
        plugin = "auto"

        [clipboard]
        direction = "both"
        max_bytes = {maxBytes}
        """)
    {
        Environment = desktop.Environment,
        LogLevel = "debug",
        StartTimeout = TimeSpan.FromSeconds(120),
    });

    private async Task<ViewerPage> OpenViewerAsync(string url, bool control)
    {
        var viewer = await ViewerPage.OpenAsync(url, ["clipboard-read", "clipboard-write"]);
        try
        {
            var shade = 0;
            if (control)
            {
                await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60), () => desktop.SetBackgroundAsync((++shade % 2) == 0 ? "#203040" : "#304050"));
            }

            return viewer;
        }
        catch
        {
            await viewer.DisposeAsync();
            throw;
        }
    }

    private static async Task WaitForClipboardAsync(ViewerPage viewer, string direction) =>
        await Poll.UntilAsync(
            async () => (await ClipboardInfoAsync(viewer)) is { ValueKind: JsonValueKind.Object } info && info.GetProperty("open").GetBoolean() && info.GetProperty("direction").GetString() == direction,
            $"the clipboard channel open with direction {direction}",
            TimeSpan.FromSeconds(60));

    private static async Task<JsonElement> ClipboardInfoAsync(ViewerPage viewer)
    {
        using var state = JsonDocument.Parse(await viewer.Page.EvaluateAsync<string>(ClipboardState));
        return state.RootElement.Clone();
    }

    private static async Task FocusAsync(ViewerPage viewer)
    {
        await viewer.Page.BringToFrontAsync();
        await viewer.Page.EvaluateAsync("() => window.dispatchEvent(new Event('focus'))");
    }

    private static async Task<string?> ReadBrowserTextAsync(ViewerPage viewer)
    {
        await FocusAsync(viewer); // a selection that came while the page had no focus is written on the next focus
        return await viewer.Page.EvaluateAsync<string?>("() => navigator.clipboard.readText().catch(() => null)");
    }

    private async Task<string?> PasteAsync(string type)
    {
        var result = await desktop.RunAsync("wl-paste", ["--no-newline", "--type", type], Timeout);
        return result.ExitCode == 0 ? result.StandardOutput : null;
    }
}
