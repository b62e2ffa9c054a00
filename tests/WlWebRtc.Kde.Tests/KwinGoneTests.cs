using WlWebRtc.Kde.Tests.Support;
using WlWebRtc.Testing.Desktop;
using WlWebRtc.Wayland;

namespace WlWebRtc.Kde.Tests;

public sealed class KwinGoneTests
{
    private const int KeyA = 30;

    [Fact]
    public async Task KwinExits_CaptureEndsWithReasonAndInputThrows()
    {
        using var kwin = await HeadlessKwin.StartAsync(new HeadlessDesktopOptions(640, 480), [HeadlessKwin.CurrentExecutable]);
        await using var source = await KdePlugins.CaptureAsync(kwin);
        await using var injector = await KdePlugins.InjectorAsync(kwin, source, 640, 480);
        var sink = new FrameSink();
        await source.StartAsync(sink, CancellationToken.None);
        await KdePlugins.WaitUntilAsync(() => sink.Frames > 0, "a first frame");

        kwin.Component("kwin").Stop();

        await KdePlugins.WaitUntilAsync(() => sink.Stopped, "the capture to end");
        var failure = Assert.IsType<InvalidOperationException>(sink.Failure);
        Assert.StartsWith("KWin's screenshot capture failed: ", failure.Message, StringComparison.Ordinal);
        await KdePlugins.WaitUntilAsync(
            () =>
            {
                try
                {
                    injector.KeyAsync(KeyA, true, CancellationToken.None).AsTask().GetAwaiter().GetResult();
                    return false;
                }
                catch (WaylandProtocolException)
                {
                    return true;
                }
            },
            "a key to fail on the closed connection");
    }
}
