using System.Collections.Concurrent;
using System.Text;
using WlWebRtc.Clipboard;
using WlWebRtc.Gnome.Input;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Input;
using WlWebRtc.Testing;

namespace WlWebRtc.Gnome.Tests;

/// <summary>
/// The clipboard on Mutter's RemoteDesktop selection API, on a real headless mutter, against wl-copy and wl-paste
/// (mutter 43 has no data control: they take the selection through a small surface of their own, which needs the
/// seat's keyboard the injector's warm-up creates).
/// </summary>
[Collection(MutterGroup.Name)]
public sealed class GnomeClipboardTests(SmallMutter mutter) : IDisposable
{
    private const string Utf8Text = "text/plain;charset=utf-8";

    private readonly string _scratch = Directory.CreateTempSubdirectory("wlwebrtc-gnome-clipboard-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public async Task DesktopSelectionChanged_WlCopyText_SeenAndReadBackWithinTheLimit()
    {
        await using var session = await OpenAsync();
        var changes = new ConcurrentQueue<IReadOnlyList<string>>();
        session.Clipboard.DesktopSelectionChanged += (_, e) => changes.Enqueue(e.MimeTypes);

        using var copy = mutter.StartProcess("wl-copy-text", "wl-copy", "--foreground", "--type", Utf8Text, "copied on mutter: äöü €");
        await Poll.UntilAsync(() => changes.Any(c => c.Contains(Utf8Text)), "mutter's selection change", GnomePlugins.Patience);

        var content = await session.Clipboard.ReadDesktopSelectionAsync(Utf8Text, 1024, CancellationToken.None);
        Assert.Equal("copied on mutter: äöü €", Encoding.UTF8.GetString(Assert.NotNull(content).Span));
        Assert.Null(await session.Clipboard.ReadDesktopSelectionAsync(Utf8Text, 10, CancellationToken.None)); // over the limit
        Assert.Null(await session.Clipboard.ReadDesktopSelectionAsync("image/png", 1024, CancellationToken.None)); // not offered
    }

    [Fact]
    public async Task ReadDesktopSelectionAsync_PngCopiedByWlCopy_SameBytes()
    {
        await using var session = await OpenAsync();
        var changes = new ConcurrentQueue<IReadOnlyList<string>>();
        session.Clipboard.DesktopSelectionChanged += (_, e) => changes.Enqueue(e.MimeTypes);
        var image = LargeImage();
        var file = Path.Combine(_scratch, "copied.png");
        await File.WriteAllBytesAsync(file, image);

        using var copy = mutter.StartProcess("wl-copy-png", "sh", "-c", $"exec wl-copy --foreground --type image/png < '{file}'");
        await Poll.UntilAsync(() => changes.Any(c => c.Contains("image/png")), "mutter's image selection", GnomePlugins.Patience);

        var content = await session.Clipboard.ReadDesktopSelectionAsync("image/png", image.Length, CancellationToken.None);
        Assert.Equal(image, Assert.NotNull(content).ToArray());
    }

    [Fact]
    public async Task SetSelectionAsync_Text_WlPastePastesItAndItIsNotReportedAsTheDesktops()
    {
        await using var session = await OpenAsync();
        var changes = 0;
        session.Clipboard.DesktopSelectionChanged += (_, _) => Interlocked.Increment(ref changes);

        await session.Clipboard.SetSelectionAsync(Utf8Text, Encoding.UTF8.GetBytes("pasted from the browser ✓"), CancellationToken.None);

        var paste = await mutter.RunAsync("wl-paste", ["--no-newline", "--type", "text/plain"], GnomePlugins.Patience);
        Assert.True(paste.ExitCode == 0, paste.StandardError);
        Assert.Equal("pasted from the browser ✓", paste.StandardOutput);
        Assert.Equal(0, Volatile.Read(ref changes));
    }

    [Fact]
    public async Task SetSelectionAsync_PngLargerThanAPipe_WlPasteGetsTheSameBytes()
    {
        await using var session = await OpenAsync();
        var image = LargeImage();

        await session.Clipboard.SetSelectionAsync("image/png", image, CancellationToken.None);

        var file = Path.Combine(_scratch, "pasted.png");
        var paste = await mutter.RunAsync("sh", ["-c", $"wl-paste --no-newline --type image/png > '{file}'"], GnomePlugins.Patience);
        Assert.True(paste.ExitCode == 0, paste.StandardError);
        Assert.Equal(image, await File.ReadAllBytesAsync(file));
    }

    [Fact]
    public async Task SetSelectionAsync_ThenAnApplicationCopies_ItsSelectionIsReported()
    {
        await using var session = await OpenAsync();
        var changes = new ConcurrentQueue<IReadOnlyList<string>>();
        session.Clipboard.DesktopSelectionChanged += (_, e) => changes.Enqueue(e.MimeTypes);
        await session.Clipboard.SetSelectionAsync(Utf8Text, "ours"u8.ToArray(), CancellationToken.None);

        using var copy = mutter.StartProcess("wl-copy-theirs", "wl-copy", "--foreground", "--type", "text/plain", "theirs");
        await Poll.UntilAsync(() => changes.Any(c => c.Contains("text/plain")), "the application's selection", GnomePlugins.Patience);

        var content = await session.Clipboard.ReadDesktopSelectionAsync(Utf8Text, 1024, CancellationToken.None);
        Assert.Equal("theirs", Encoding.UTF8.GetString(Assert.NotNull(content).Span));
    }

    /// <summary>A PNG signature and 300 KB after it: more than a pipe holds, so the transfer takes several rounds.</summary>
    private static byte[] LargeImage()
    {
        var bytes = new byte[300_000];
        new Random(17).NextBytes(bytes);
        byte[] signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
        signature.CopyTo(bytes, 0);
        return bytes;
    }

    private async Task<ClipboardSession> OpenAsync()
    {
        var source = await GnomePlugins.CaptureAsync(mutter);
        try
        {
            // the injector's warm-up key gives the seat the keyboard wl-copy and wl-paste need
            var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
            using var timeout = new CancellationTokenSource(GnomePlugins.Patience);
            var clipboard = await new GnomeInputPlugin(GnomePlugins.EnvironmentOf(mutter)).OpenClipboardAsync(new InputTarget(source, SmallMutter.Width, SmallMutter.Height), GnomePlugins.Context(), timeout.Token);
            return new ClipboardSession(source, input, clipboard);
        }
        catch
        {
            await source.DisposeAsync();
            throw;
        }
    }

    private sealed class ClipboardSession(IAsyncDisposable source, IAsyncDisposable input, ISessionClipboard clipboard) : IAsyncDisposable
    {
        public ISessionClipboard Clipboard { get; } = clipboard;

        public async ValueTask DisposeAsync()
        {
            await Clipboard.DisposeAsync();
            await input.DisposeAsync();
            await source.DisposeAsync();
        }
    }
}
