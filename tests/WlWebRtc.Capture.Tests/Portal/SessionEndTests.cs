using WlWebRtc.Capture.Tests.Desktop;
using WlWebRtc.Capture.Tests.PipeWire;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>The compositor ending the cast, on a desktop of its own (these tests kill parts of it).</summary>
public sealed class SessionEndTests
{
    [Theory]
    [InlineData("sway")]
    [InlineData("xdpw")]
    public async Task Capture_CompositorOrPortalBackendKilled_StoppedPromptlyWithClearError(string component)
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(Width: 640, Height: 480));
        using var terminal = await desktop.StartScrollingTerminalAsync("doomed").StopAtEnd();
        var sink = new RecordingSink();
        await using var source = await PortalCaptures.CreateAsync(desktop);
        await source.StartAsync(sink, CancellationToken.None);
        await PortalCaptures.WaitUntilAsync(() => sink.Count >= 3, "frames of the scrolling terminal");

        desktop.Component(component).Signal(9);

        var failure = await sink.Stopped.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(failure);
        Assert.Matches("ended the screen cast|closed the ScreenCast session|stream failed", failure.Message);
    }
}
