using System.Collections.Concurrent;
using System.Text;
using WlWebRtc.Clipboard;
using WlWebRtc.Input;
using WlWebRtc.Kde.Input;
using WlWebRtc.Kde.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.Kde.Tests;

/// <summary>The clipboard on KWin through data control, against wl-copy and wl-paste as the session's applications.</summary>
[Collection(KwinGroup.Name)]
public sealed class KdeClipboardTests(GrantedKwin kwin)
{
    [Fact]
    public async Task SetSelectionAsync_Text_WlPasteReadsIt()
    {
        await using var clipboard = await OpenAsync();

        await clipboard.SetSelectionAsync("text/plain;charset=utf-8", Encoding.UTF8.GetBytes("pasted into KWin ✓"), CancellationToken.None);

        var paste = await kwin.RunAsync("wl-paste", ["--no-newline", "--type", "text/plain"]);
        Assert.True(paste.ExitCode == 0, paste.StandardError);
        Assert.Equal("pasted into KWin ✓", paste.StandardOutput);
    }

    [Fact]
    public async Task DesktopSelectionChanged_WlCopyText_SeenAndReadBack()
    {
        await using var clipboard = await OpenAsync();
        var changes = new ConcurrentQueue<IReadOnlyList<string>>();
        clipboard.DesktopSelectionChanged += (_, e) => changes.Enqueue(e.MimeTypes);

        using var copy = kwin.StartProcess("wl-copy", "wl-copy", "--foreground", "--type", "text/plain;charset=utf-8", "copied on KWin: äöü");
        await Poll.UntilAsync(() => changes.Any(c => c.Contains("text/plain;charset=utf-8")), "KWin's selection change", KdePlugins.Patience);

        var content = await clipboard.ReadDesktopSelectionAsync("text/plain;charset=utf-8", 1024, CancellationToken.None);
        Assert.Equal("copied on KWin: äöü", Encoding.UTF8.GetString(Assert.NotNull(content).Span));
    }

    private async Task<ISessionClipboard> OpenAsync()
    {
        await using var source = await KdePlugins.CaptureAsync(kwin);
        using var timeout = new CancellationTokenSource(KdePlugins.Patience);
        return await new KdeInputPlugin(KdePlugins.EnvironmentOf(kwin)).OpenClipboardAsync(new InputTarget(source, GrantedKwin.Width, GrantedKwin.Height), KdePlugins.Context(), timeout.Token);
    }
}
