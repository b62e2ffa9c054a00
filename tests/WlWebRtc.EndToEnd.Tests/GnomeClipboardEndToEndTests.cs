using System.Text.Json;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 17 (clipboard) on real headless mutter: <c>wlwebrtc start --capture gnome</c> with input plugin gnome (the
/// clipboard through the selection API of Mutter's RemoteDesktop session), the built-in viewer in headless Chromium
/// with clipboard permissions granted. Mutter 43 has no data control: wl-copy and wl-paste take and read the selection
/// through a small surface of their own, which needs the seat's keyboard (the server's input warm-up creates it).
/// </summary>
[Collection(MutterGroup.Name)]
public sealed class GnomeClipboardEndToEndTests(SmallMutter mutter, ITestOutputHelper output)
{
    private const string Token = "e2e-gnome-clipboard-token-0123456789";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    // draws a 12x7 picture, puts it on the browser's clipboard as image/png and returns in base64 the bytes the
    // clipboard holds then (Chromium re-encodes images it puts on the clipboard)
    private const string WritePng = """
        async () => {
          const canvas = document.createElement('canvas');
          canvas.width = 12; canvas.height = 7;
          const g = canvas.getContext('2d');
          g.fillStyle = '#3060c0'; g.fillRect(0, 0, 12, 7);
          g.fillStyle = '#f0e010'; g.fillRect(2, 1, 6, 4);
          const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/png'));
          await navigator.clipboard.write([new ClipboardItem({ 'image/png': blob })]);
          const [item] = await navigator.clipboard.read();
          const bytes = new Uint8Array(await (await item.getType('image/png')).arrayBuffer());
          let binary = '';
          for (const b of bytes) binary += String.fromCharCode(b);
          return btoa(binary);
        }
        """;

    [Fact]
    public async Task Clipboard_GnomeSession_TextFromMutterReachesThePageAndTextAndPngFromThePageArePasted()
    {
        await using var server = await MutterServer.StartAsync(mutter, Token, """
            [clipboard]
            direction = "both"
            max_bytes = 1000000
            """);
        try
        {
            await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl, ["clipboard-read", "clipboard-write"]);
            await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60));
            await Poll.UntilAsync(
                async () => await viewer.Page.EvaluateAsync<bool>("() => !!(window.wlwebrtcViewer.clipboard && window.wlwebrtcViewer.clipboard.open && window.wlwebrtcViewer.clipboard.direction === 'both')"),
                "the clipboard channel open with direction both",
                TimeSpan.FromSeconds(60));

            // mutter → browser: wl-copy owns mutter's selection, the page's clipboard gets it
            var copied = "copied on mutter " + Guid.NewGuid().ToString("N")[..8] + " äöü €";
            using (mutter.StartProcess("wl-copy-e2e", "wl-copy", "--foreground", "--type", "text/plain;charset=utf-8", copied))
            {
                await Poll.UntilAsync(async () => await ReadBrowserTextAsync(viewer) == copied, "mutter's selection in the browser's clipboard", Timeout);
            }

            // browser → mutter: text, sent when the page gains focus, pasted by wl-paste
            var written = "written by the page " + Guid.NewGuid().ToString("N")[..8] + " ✓";
            await viewer.Page.EvaluateAsync("text => navigator.clipboard.writeText(text)", written);
            await FocusAsync(viewer);
            await Poll.UntilAsync(async () => await PasteTextAsync() == written, "the page's text in wl-paste on mutter", Timeout);

            // browser → mutter: a PNG
            var png = Convert.FromBase64String(await viewer.Page.EvaluateAsync<string>(WritePng));
            await FocusAsync(viewer);
            var file = Path.Combine(mutter.RunDirectory, "gnome-e2e-pasted-" + Guid.NewGuid().ToString("N")[..12] + ".png");
            try
            {
                await Poll.UntilAsync(
                    async () =>
                    {
                        var paste = await mutter.RunAsync("sh", ["-c", $"wl-paste --no-newline --type image/png > '{file}'"], Timeout);
                        return paste.ExitCode == 0 && File.Exists(file) && (await File.ReadAllBytesAsync(file)).AsSpan().SequenceEqual(png);
                    },
                    "the page's PNG in wl-paste on mutter",
                    Timeout);
            }
            finally
            {
                File.Delete(file);
            }

            using var state = JsonDocument.Parse(await viewer.Page.EvaluateAsync<string>("() => JSON.stringify(window.wlwebrtcViewer.clipboard)"));
            Assert.True(state.RootElement.GetProperty("acknowledged").GetInt32() >= 2, state.RootElement.ToString());
            Assert.True(state.RootElement.GetProperty("received").GetInt32() >= 1, state.RootElement.ToString());
        }
        finally
        {
            output.WriteLine(server.Output);
        }
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

    private async Task<string?> PasteTextAsync()
    {
        var result = await mutter.RunAsync("wl-paste", ["--no-newline", "--type", "text/plain"], Timeout);
        return result.ExitCode == 0 ? result.StandardOutput : null;
    }
}
