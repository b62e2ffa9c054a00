using System.Text.Json;
using Microsoft.Playwright;
using WlWebRtc.EndToEnd.Tests.Desktop;
using WlWebRtc.EndToEnd.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Testing.Server;
using Xunit.Abstractions;

namespace WlWebRtc.EndToEnd.Tests;

/// <summary>
/// Issue 17 (keyboard beyond single keys) with the built-in viewer in headless Chromium on the real headless sway: the
/// paste shortcut sends the browser's clipboard before the key, so foot pastes the new content; an input method's
/// composition (driven through the DevTools protocol, as an IME does) is typed as text into foot; in fullscreen with
/// Keyboard Lock, Escape and Alt+Tab reach foot.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class ViewerKeyboardEndToEndTests(HeadlessDesktop desktop, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task PasteShortcut_PageClipboardChangedWithoutFocusChange_FootPastesTheNewText()
    {
        await RunWithFootAsync(clipboard: true, async (viewer, file) =>
        {
            // the page keeps its focus: nothing but the shortcut sends the new clipboard
            var text = "pasted-by-shortcut-" + Guid.NewGuid().ToString("N")[..10];
            await viewer.Page.EvaluateAsync("text => navigator.clipboard.writeText(text)", text);
            var sentBefore = await ClipboardCountAsync(viewer, "sent");

            await viewer.Page.Keyboard.PressAsync("Control+Shift+V"); // foot's paste binding
            await viewer.Page.Keyboard.PressAsync("Enter");

            await Poll.UntilAsync(() => ReadText(file).Contains(text + "\r", StringComparison.Ordinal), $"'{text}' pasted into foot", Timeout);
            Assert.Equal(sentBefore + 1, await ClipboardCountAsync(viewer, "sent"));
            Assert.True(await ClipboardCountAsync(viewer, "pasteShortcuts") >= 1);
        });
    }

    [Fact]
    public async Task Composition_ImeComposesJapanese_FootGetsTheText()
    {
        await RunWithFootAsync(clipboard: false, async (viewer, file) =>
        {
            // what an input method does: a composition the user edits, then the text it commits
            var devtools = await viewer.Page.Context.NewCDPSessionAsync(viewer.Page);
            await devtools.SendAsync("Input.imeSetComposition", new Dictionary<string, object> { ["text"] = "にほんご", ["selectionStart"] = 4, ["selectionEnd"] = 4 });
            await devtools.SendAsync("Input.insertText", new Dictionary<string, object> { ["text"] = "日本語" });
            await viewer.Page.Keyboard.PressAsync("Enter");

            await Poll.UntilAsync(() => ReadText(file).Contains("日本語\r", StringComparison.Ordinal), "the composed text in foot", Timeout);
            Assert.DoesNotContain("にほんご", ReadText(file), StringComparison.Ordinal); // the composition in progress is not typed
            var sent = await viewer.SentMessagesAsync();
            Assert.Contains(sent, m => m.Contains("\"t\":\"tx\"", StringComparison.Ordinal) && m.Contains("日本語", StringComparison.Ordinal));
        });
    }

    /// <summary>
    /// Fullscreen with Keyboard Lock: Escape (tapped: only holding it releases the keyboard) and Alt+Tab go to the
    /// remote desktop and the page stays fullscreen. Headless Chromium 156 supports <c>navigator.keyboard.lock()</c> (it
    /// resolves in fullscreen), but keys synthesized through the DevTools protocol reach the page without the browser's
    /// own shortcut handling, locked or not: this shows the viewer's side of the lock (the keys are forwarded, the
    /// tap does not leave fullscreen), not that the browser would have taken them without it.
    /// </summary>
    [Fact]
    public async Task KeyboardLock_FullscreenLocked_EscapeAndAltTabReachFoot()
    {
        await RunWithFootAsync(clipboard: false, async (viewer, file) =>
        {
            await viewer.Page.ClickAsync("#fullscreen");
            await Poll.UntilAsync(
                async () => await viewer.Page.EvaluateAsync<bool>("() => !!document.fullscreenElement && window.wlwebrtcViewer.keyboardLocked"),
                "fullscreen with the keyboard locked",
                Timeout);

            await viewer.Page.Keyboard.PressAsync("Escape");
            await viewer.Page.Keyboard.TypeAsync("x");
            await viewer.Page.Keyboard.PressAsync("Alt+Tab");
            await viewer.Page.Keyboard.TypeAsync("y");

            // raw mode: Escape is ESC, Alt+Tab is ESC TAB (foot's meta sends escape)
            await Poll.UntilAsync(() => ReadText(file).Contains("\u001bx\u001b\ty", StringComparison.Ordinal), "Escape and Alt+Tab in foot", Timeout);
            Assert.True(await viewer.Page.EvaluateAsync<bool>("() => !!document.fullscreenElement && window.wlwebrtcViewer.keyboardLocked"));
        });
    }

    /// <summary>
    /// The server (clipboard on or off), the viewer playing with control and focused, and foot running cat in raw mode
    /// writing what it reads to a file (what the terminal receives, byte for byte, as soon as it does: Enter is CR).
    /// </summary>
    private async Task RunWithFootAsync(bool clipboard, Func<ViewerPage, string, Task> test)
    {
        var scratch = Directory.CreateTempSubdirectory("wlwebrtc-e2e-keyboard-").FullName;
        var file = Path.Combine(scratch, "typed");
        await desktop.SwayMsgAsync("focus_follows_mouse", "no");
        DesktopProcess? foot = null;
        try
        {
            await using var server = await DesktopServer.StartAsync(desktop, clipboard ? "[clipboard]\ndirection = \"both\"\nmax_bytes = 100000\n" : "[clipboard]\ndirection = \"off\"\n");
            try
            {
                await using var viewer = await ViewerPage.OpenAsync(server.ViewerUrl, clipboard ? ["clipboard-read", "clipboard-write"] : null);
                var shade = 0;
                await viewer.WaitUntilPlayingWithControlAsync(TimeSpan.FromSeconds(60), () => desktop.SetBackgroundAsync((++shade % 2) == 0 ? "#203040" : "#304050"));
                if (clipboard)
                {
                    await Poll.UntilAsync(
                        async () => await viewer.Page.EvaluateAsync<bool>("() => !!(window.wlwebrtcViewer.clipboard && window.wlwebrtcViewer.clipboard.open && window.wlwebrtcViewer.clipboard.direction === 'both')"),
                        "the clipboard channel open",
                        TimeSpan.FromSeconds(60));
                }

                // the terminal maps after the server's virtual keyboard exists, and takes the keyboard focus
                foot = await desktop.StartFootAsync("e2e-keyboard", "sh", "-c", $"stty raw -echo; exec cat > '{file}'");
                await Task.Delay(500);
                await viewer.Page.ClickAsync("#video"); // focuses the viewer's stage (and its text sink); lands on foot remotely

                // a marker typed first: the keyboard reaches foot before the step under test
                await Poll.UntilAsync(
                    async () =>
                    {
                        await viewer.Page.Keyboard.TypeAsync("k");
                        await Task.Delay(300);
                        return ReadText(file).Contains('k', StringComparison.Ordinal);
                    },
                    "the first key in foot",
                    Timeout);

                try
                {
                    await test(viewer, file);
                }
                catch (Exception exception) when (exception is not OutOfMemoryException)
                {
                    var sent = await viewer.SentMessagesAsync();
                    Assert.Fail($"{exception.Message}\nfoot read: '{ReadText(file)}'\nclipboard: {await viewer.Page.EvaluateAsync<string>("() => JSON.stringify(window.wlwebrtcViewer.clipboard)")}\n" +
                        $"sent:\n{string.Join('\n', sent.TakeLast(40))}\nConsole:\n{viewer.ConsoleText}\nfoot log:\n{foot.LogTail()}");
                }
            }
            finally
            {
                output.WriteLine(server.Output);
            }
        }
        finally
        {
            foot?.Stop();
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static string ReadText(string file)
    {
        try
        {
            return File.Exists(file) ? File.ReadAllText(file) : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task<int> ClipboardCountAsync(ViewerPage viewer, string name)
    {
        using var state = JsonDocument.Parse(await viewer.Page.EvaluateAsync<string>("() => JSON.stringify(window.wlwebrtcViewer.clipboard)"));
        return state.RootElement.TryGetProperty(name, out var value) ? value.GetInt32() : 0;
    }
}
