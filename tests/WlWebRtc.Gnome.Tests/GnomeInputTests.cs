using System.Globalization;
using WlWebRtc.Capture;
using WlWebRtc.Gnome.Input;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Gnome.Tests.Support;
using WlWebRtc.Input;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Gnome.Tests;

[Collection(MutterGroup.Name)]
public sealed class GnomeInputTests(SmallMutter mutter)
{
    private const int Box = 48;

    [Fact]
    public async Task MovePointerAbsoluteAsync_StreamCoordinates_CursorDrawnThereInTheCapture()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter, new Dictionary<string, string?> { ["cursor_mode"] = "embedded" });
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await using var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
        await input.MovePointerAbsoluteAsync(0.25, 0.25, CancellationToken.None);
        var before = await SettledFrameAsync(sink);

        await input.MovePointerAbsoluteAsync(0.75, 0.75, CancellationToken.None);

        // the pixels that change are the cursor's: gone from (160, 120), drawn at (480, 360), nothing else
        await WaitForCursorMoveAsync(sink, before, (160, 120), (480, 360));
    }

    [Fact]
    public async Task MovePointerRelativeAsync_FromAKnownPlace_CursorMovesByTheDelta()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter, new Dictionary<string, string?> { ["cursor_mode"] = "embedded" });
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await using var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
        await input.MovePointerAbsoluteAsync(0.75, 0.25, CancellationToken.None);
        var before = await SettledFrameAsync(sink);

        await input.MovePointerRelativeAsync(-320, 240, CancellationToken.None);

        await WaitForCursorMoveAsync(sink, before, (480, 120), (160, 360));
    }

    [Fact]
    public async Task KeyAsync_IntoAFocusedTerminal_TextArrives()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        await using var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
        var output = Path.Combine(mutter.RunDirectory, "typed-" + Guid.NewGuid().ToString("N"));
        var terminal = mutter.StartProcess("foot", "foot", "sh", "-c", $"stty -echo; cat > '{output}'");
        try
        {
            // until foot has mapped and has focus, keys go nowhere: type "h", "i", Enter again until a line arrives
            await GnomePlugins.WaitUntilAsync(
                () =>
                {
                    foreach (var key in new[] { 35, 23, 28 })
                    {
                        input.KeyAsync(key, true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                        input.KeyAsync(key, false, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    }

                    Thread.Sleep(200);
                    return File.Exists(output) && File.ReadAllText(output).Contains("hi\n", StringComparison.Ordinal);
                },
                "typed text in foot",
                () => $"foot running: {terminal.IsRunning}; log: {terminal.LogTail(5)}");
        }
        finally
        {
            terminal.Dispose();
        }

        // keys typed while foot was still mapping may be lost; what arrives ends with a whole line
        Assert.EndsWith("hi\n", File.ReadAllText(output), StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeyboardText_GermanViewerOnAUsSession_CharactersArriveAsTheViewerTypedThem()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        await using var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
        var text = Assert.IsAssignableFrom<IKeyboardTextInjector>(input);
        var output = Path.Combine(mutter.RunDirectory, "text-" + Guid.NewGuid().ToString("N"));
        var terminal = mutter.StartProcess("foot-text", "foot", "sh", "-c", $"stty -echo; cat > '{output}'");

        // the session's keymap is US: Mutter types keysyms its keymap has (characters it lacks, such as ä, it drops)
        const string Line = "z@/Y#hi\n";
        try
        {
            // a German viewer's z (KeyY), AltGr+Q (@), Shift+7 (/), Shift+Z (Y on KeyZ), # (Backslash), a composed
            // "hi", Enter; again until foot has mapped and has focus and a whole line arrives
            await GnomePlugins.WaitUntilAsync(
                () =>
                {
                    Press(text, 21, "z");
                    Run(text.KeyAsync(100, true, "AltGraph", CancellationToken.None));
                    Press(text, 16, "@");
                    Run(text.KeyAsync(100, false, "AltGraph", CancellationToken.None));
                    Run(text.KeyAsync(42, true, "Shift", CancellationToken.None));
                    Press(text, 8, "/");
                    Press(text, 44, "Y");
                    Run(text.KeyAsync(42, false, "Shift", CancellationToken.None));
                    Press(text, 43, "#");
                    Run(text.TypeTextAsync("hi", CancellationToken.None));
                    Press(text, 28, "Enter");
                    Thread.Sleep(200);
                    return File.Exists(output) && File.ReadAllText(output).Contains(Line, StringComparison.Ordinal);
                },
                "typed characters in foot",
                () => $"foot running: {terminal.IsRunning}; typed: '{(File.Exists(output) ? File.ReadAllText(output) : "")}'; log: {terminal.LogTail(5)}");
        }
        finally
        {
            terminal.Dispose();
        }

        Assert.EndsWith(Line, File.ReadAllText(output), StringComparison.Ordinal);

        static void Run(ValueTask call) => call.AsTask().GetAwaiter().GetResult();

        static void Press(IKeyboardTextInjector text, int key, string produced)
        {
            Run(text.KeyAsync(key, true, produced, CancellationToken.None));
            Run(text.KeyAsync(key, false, produced, CancellationToken.None));
        }
    }

    [Fact]
    public async Task CreateInjectorAsync_NewSession_FirstKeyTypedOnceIsNotLost()
    {
        var output = Path.Combine(mutter.RunDirectory, "typed-" + Guid.NewGuid().ToString("N"));
        DesktopProcess? terminal = null;
        await using (var watch = await GnomePlugins.CaptureAsync(mutter))
        {
            var sink = new FrameSink();
            await watch.StartAsync(sink, CancellationToken.None);
            await SettledFrameAsync(sink);
            var before = sink.Count;
            terminal = mutter.StartProcess("foot-once", "foot", "sh", "-c", $"stty -echo; cat > '{output}'");

            // foot mapped (the screen changed and settled): it has the focus
            await GnomePlugins.WaitUntilAsync(() => sink.Count > before && File.Exists(output), "foot's window");
            await SettledFrameAsync(sink);
        }

        using (terminal)
        {
            // a new RemoteDesktop session: without the warm-up its first key only gives the seat a keyboard
            await using var source = await GnomePlugins.CaptureAsync(mutter);
            await using var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
            foreach (var key in new[] { 45, 28 })
            {
                await input.KeyAsync(key, true, CancellationToken.None);
                await input.KeyAsync(key, false, CancellationToken.None);
            }

            await GnomePlugins.WaitUntilAsync(() => File.ReadAllText(output).Contains('\n', StringComparison.Ordinal), "the line in foot", () => $"'{File.ReadAllText(output)}'");
            Assert.Equal("x\n", File.ReadAllText(output));
        }
    }

    [Fact]
    public async Task DisposeAsync_KeysAndButtonsHeld_ReleasesThemThroughTheSession()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);
        await input.KeyAsync(29, true, CancellationToken.None);
        await input.PointerButtonAsync(0x110, true, CancellationToken.None);

        await input.DisposeAsync();

        // Mutter accepts a release only for a key it saw pressed, and everything released leaves nothing to release
        await input.ReleaseAllAsync(CancellationToken.None);
        Assert.False(source.Session.Closed.IsCompleted);
    }

    [Fact]
    public async Task PointerAxisAsync_SmoothAndDiscrete_AcceptedByMutter()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        await using var input = await GnomePlugins.InjectorAsync(mutter, source, SmallMutter.Width, SmallMutter.Height);

        await input.PointerAxisAsync(PointerAxis.Vertical, 15, 0, CancellationToken.None);
        await input.PointerAxisAsync(PointerAxis.Horizontal, -15, 0, CancellationToken.None);
        await input.PointerAxisAsync(PointerAxis.Vertical, 0, 2, CancellationToken.None);
        await input.PointerAxisAsync(PointerAxis.Horizontal, 0, -1, CancellationToken.None);

        Assert.False(source.Session.Closed.IsCompleted);
    }

    [Fact]
    public async Task CreateInjectorAsync_CaptureOfAnotherPlugin_FailsNamingTheGnomeCapture()
    {
        var other = new ForeignSource();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(async () => await GnomePlugins.InjectorAsync(mutter, other, 640, 480));

        Assert.Contains("needs capture plugin \"gnome\"", failure.Message, StringComparison.Ordinal);
        Assert.Contains(other.Description, failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInjectorAsync_SessionClosed_FailsSayingWhy()
    {
        await using var source = await GnomePlugins.CaptureAsync(mutter);
        await source.Session.CallRemoteDesktopAsync("Stop", "", [], CancellationToken.None);
        await source.Session.Closed.WaitAsync(GnomePlugins.Patience);

        var failure = await Assert.ThrowsAsync<MutterException>(async () => await GnomePlugins.InjectorAsync(mutter, source, 640, 480));

        Assert.Contains("mutter closed the", failure.Message, StringComparison.Ordinal);
    }

    /// <summary>The newest frame once a new one arrived and none followed for a moment (the cursor's move is drawn).</summary>
    private static async Task<FrameSink.Snapshot> SettledFrameAsync(FrameSink sink)
    {
        var start = sink.Count;
        await GnomePlugins.WaitUntilAsync(() => sink.Count > start, "a frame after the pointer moved");
        var seen = sink.Count;
        while (true)
        {
            await Task.Delay(300);
            if (sink.Count == seen)
            {
                return sink.Latest!;
            }

            seen = sink.Count;
        }
    }

    private static Task WaitForCursorMoveAsync(FrameSink sink, FrameSink.Snapshot before, (int X, int Y) from, (int X, int Y) to)
    {
        (int Inside, int Outside) Changes(FrameSink.Snapshot after, (int X, int Y) box)
        {
            var inside = 0;
            var outside = 0;
            for (var y = 0; y < after.Height; y++)
            {
                for (var x = 0; x < after.Width; x++)
                {
                    if (after.Pixel(x, y) == before.Pixel(x, y))
                    {
                        continue;
                    }

                    if (InBox(x, y, box))
                    {
                        inside++;
                    }
                    else if (!InBox(x, y, from) && !InBox(x, y, to))
                    {
                        outside++;
                    }
                }
            }

            return (inside, outside);
        }

        string Describe()
        {
            var after = sink.Latest!;
            return string.Create(CultureInfo.InvariantCulture, $"{sink.Count} frames; changed near {from}: {Changes(after, from).Inside}, near {to}: {Changes(after, to).Inside}, elsewhere: {Changes(after, to).Outside}");
        }

        return GnomePlugins.WaitUntilAsync(
            () =>
            {
                var after = sink.Latest!;
                if (after.Sequence == before.Sequence)
                {
                    return false;
                }

                var near = Changes(after, to);
                return Changes(after, from).Inside > 10 && near.Inside > 10 && near.Outside == 0;
            },
            string.Create(CultureInfo.InvariantCulture, $"the cursor to move from {from} to {to}"),
            Describe);
    }

    /// <summary>The cursor's box: its hot spot is the top-left tip, the arrow drawn below and right of it.</summary>
    private static bool InBox(int x, int y, (int X, int Y) spot) =>
        x >= spot.X - 4 && x < spot.X + Box && y >= spot.Y - 4 && y < spot.Y + Box;

    private sealed class ForeignSource : ICaptureSource
    {
        public string Description => "a test pattern";

        public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
