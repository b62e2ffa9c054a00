using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Clipboard;
using WlWebRtc.Input.Tests.Support;
using WlWebRtc.Wayland.DataControl;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Desktop;

/// <summary>The data-control clipboard on a real sway, against wl-copy and wl-paste (wl-clipboard) as the session's applications.</summary>
[Collection(DesktopGroup.Name)]
public sealed class WlrClipboardDesktopTests(HeadlessDesktop desktop) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    // a 1x1 PNG (signature, IHDR, IDAT, IEND)
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==");

    private readonly string _scratch = DesktopChecks.NewScratchDirectory();

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task DesktopSelectionChanged_WlCopyText_SeenAndReadBack()
    {
        await using var clipboard = await OpenAsync();
        var changes = new ConcurrentQueue<IReadOnlyList<string>>();
        clipboard.DesktopSelectionChanged += (_, e) => changes.Enqueue(e.MimeTypes);

        using var copy = desktop.StartProcess("wl-copy", "wl-copy", "--foreground", "--type", "text/plain;charset=utf-8", "copied from the desktop: äöü €");
        await Poll.UntilAsync(() => changes.Any(c => c.Contains("text/plain;charset=utf-8")), "the desktop's selection change", Timeout);

        var content = await clipboard.ReadDesktopSelectionAsync("text/plain;charset=utf-8", 1024, CancellationToken.None);
        Assert.Equal("copied from the desktop: äöü €", Encoding.UTF8.GetString(Assert.NotNull(content).Span));
        Assert.Null(await clipboard.ReadDesktopSelectionAsync("text/plain;charset=utf-8", 10, CancellationToken.None)); // over the limit
        Assert.Null(await clipboard.ReadDesktopSelectionAsync("image/png", 1024, CancellationToken.None)); // not offered
    }

    [Fact]
    public async Task SetSelectionAsync_Text_WlPasteReadsItUnderEveryTextName()
    {
        await using var clipboard = await OpenAsync();
        var changes = 0;
        clipboard.DesktopSelectionChanged += (_, _) => Interlocked.Increment(ref changes);
        var before = changes;

        await clipboard.SetSelectionAsync("text/plain;charset=utf-8", Encoding.UTF8.GetBytes("pasted from the browser ✓"), CancellationToken.None);

        Assert.Equal("pasted from the browser ✓", await PasteAsync("text/plain"));
        Assert.Equal("pasted from the browser ✓", await PasteAsync("UTF8_STRING"));
        var types = await desktop.RunAsync("wl-paste", ["--list-types"]);
        Assert.Contains("text/plain;charset=utf-8", types.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, Volatile.Read(ref changes)); // our own selection is not reported as the desktop's
    }

    [Fact]
    public async Task SetSelectionAsync_Png_WlPasteReadsTheSameBytes()
    {
        await using var clipboard = await OpenAsync();

        await clipboard.SetSelectionAsync("image/png", Png, CancellationToken.None);

        var file = Path.Combine(_scratch, "pasted.png");
        var paste = await desktop.RunAsync("sh", ["-c", $"wl-paste --no-newline --type image/png > '{file}'"], Timeout);
        Assert.True(paste.ExitCode == 0, paste.StandardError);
        Assert.Equal(Png, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task SetSelectionAsync_ThenAnotherApplicationCopies_ItsSelectionIsReported()
    {
        await using var clipboard = await OpenAsync();
        var changes = new ConcurrentQueue<IReadOnlyList<string>>();
        clipboard.DesktopSelectionChanged += (_, e) => changes.Enqueue(e.MimeTypes);
        await clipboard.SetSelectionAsync("text/plain;charset=utf-8", "ours"u8.ToArray(), CancellationToken.None);

        using var copy = desktop.StartProcess("wl-copy", "wl-copy", "--foreground", "--type", "text/plain", "theirs");
        await Poll.UntilAsync(() => !changes.IsEmpty, "the other application's selection", Timeout);

        var content = await clipboard.ReadDesktopSelectionAsync("text/plain;charset=utf-8", 1024, CancellationToken.None);
        Assert.Equal("theirs", Encoding.UTF8.GetString(Assert.NotNull(content).Span));
    }

    private async Task<string> PasteAsync(string type)
    {
        var result = await desktop.RunAsync("wl-paste", ["--no-newline", "--type", type], Timeout);
        Assert.True(result.ExitCode == 0, $"wl-paste --type {type}: {result.StandardError}");
        return result.StandardOutput;
    }

    private Task<WlrDataControlClipboard> OpenAsync() =>
        WlrDataControlClipboard.CreateAsync(RoutedInput.SocketPath(desktop), TimeSpan.FromSeconds(10), NullLogger.Instance, CancellationToken.None);
}
