using WlWebRtc.Input;
using WlWebRtc.Kde.Tests.Support;

namespace WlWebRtc.Kde.Tests;

[Collection(KwinGroup.Name)]
public sealed class KdeInputTests(GrantedKwin kwin)
{
    private const int BtnLeft = 0x110;
    private const int KeyA = 30;
    private const int KeyLeftShift = 42;

    [Fact]
    public async Task Injector_MotionClickAndKeys_LandInTheWindowUnderThePointer()
    {
        using var wev = await WevWindow.StartAsync(kwin);
        await using var source = await KdePlugins.CaptureAsync(kwin);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => sink.FindColour(KdeCaptureTests.WevColour) is not null, "wev's window in a frame", () => $"{sink.Frames} frames, centre pixel {sink.CentrePixel()}");
        var box = sink.FindColour(KdeCaptureTests.WevColour)!.Value;
        await source.StopAsync(CancellationToken.None);

        await using (var injector = await KdePlugins.InjectorAsync(kwin, source, GrantedKwin.Width, GrantedKwin.Height))
        {
            // the centre of the window, in 0..1 of the output
            var x = (box.Left + box.Right) / 2.0 / (GrantedKwin.Width - 1);
            var y = (box.Top + box.Bottom) / 2.0 / (GrantedKwin.Height - 1);
            await injector.MovePointerAbsoluteAsync(x, y, CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => wev.Has("wl_pointer", "enter"), "the pointer to enter wev's window", wev.Tail);

            await injector.PointerButtonAsync(BtnLeft, true, CancellationToken.None);
            await injector.PointerButtonAsync(BtnLeft, false, CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => wev.Has("wl_pointer", "button: 272") || wev.Lines.Any(l => l.Contains("button: 272", StringComparison.Ordinal)), "wev to see the left button", wev.Tail);

            await injector.KeyAsync(KeyA, true, CancellationToken.None);
            await injector.KeyAsync(KeyA, false, CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => wev.Lines.Any(l => l.Contains("utf8: 'a'", StringComparison.Ordinal)), "wev to see the key a", wev.Tail);

            // held when the viewer goes: disposal releases it
            await injector.KeyAsync(KeyLeftShift, true, CancellationToken.None);
            await injector.PointerButtonAsync(BtnLeft, true, CancellationToken.None);
            await KdePlugins.WaitUntilAsync(() => wev.Lines.Any(l => l.Contains("depressed: 00000001", StringComparison.Ordinal)), "wev to see Shift held", wev.Tail);
        }

        await KdePlugins.WaitUntilAsync(
            () => wev.Lines.Count(l => l.Contains("button: 272", StringComparison.Ordinal) && l.Contains("released", StringComparison.Ordinal)) >= 2
                && wev.Lines.Reverse().First(l => l.Contains("depressed:", StringComparison.Ordinal)).Contains("00000000", StringComparison.Ordinal),
            "the held button and Shift to be released",
            wev.Tail);
    }

    [Fact]
    public async Task Injector_RelativeMotionAndWheel_ReachTheWindow()
    {
        using var wev = await WevWindow.StartAsync(kwin);
        await using var source = await KdePlugins.CaptureAsync(kwin);
        await using var injector = await KdePlugins.InjectorAsync(kwin, source, GrantedKwin.Width, GrantedKwin.Height);

        // the window fills the middle of the output: start there, then move by a delta and scroll
        await injector.MovePointerAbsoluteAsync(0.5, 0.5, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => wev.Has("wl_pointer", "enter"), "the pointer to enter wev's window", wev.Tail);
        var motions = wev.Lines.Count(l => l.Contains("wl_pointer] motion", StringComparison.Ordinal));
        await injector.MovePointerRelativeAsync(5, 3, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => wev.Lines.Count(l => l.Contains("wl_pointer] motion", StringComparison.Ordinal)) > motions, "a relative motion in wev", wev.Tail);

        await injector.PointerAxisAsync(PointerAxis.Vertical, 0, 1, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => wev.Has("wl_pointer", "axis: "), "a wheel event in wev", wev.Tail);
    }
}
