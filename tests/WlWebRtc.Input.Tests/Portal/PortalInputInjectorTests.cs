using WlWebRtc.Portal.Injection;

namespace WlWebRtc.Input.Tests.Portal;

public sealed class PortalInputInjectorTests
{
    [Fact]
    public async Task MovePointerAbsoluteAsync_Normalised_ScaledOntoStreamPixels()
    {
        var notifier = new RecordingNotifier(stream: 42);
        await using var injector = new PortalInputInjector(notifier, 1281, 721);

        await injector.MovePointerAbsoluteAsync(0.5, 1, CancellationToken.None);
        await injector.MovePointerAbsoluteAsync(-3, double.NaN, CancellationToken.None);

        Assert.Equal(["abs 42 640 720", "abs 42 0 0"], notifier.Calls);
    }

    [Fact]
    public async Task MovePointerAbsoluteAsync_NoStream_Throws()
    {
        await using var injector = new PortalInputInjector(new RecordingNotifier(stream: null), 100, 100);
        await Assert.ThrowsAsync<InvalidOperationException>(() => injector.MovePointerAbsoluteAsync(0, 0, CancellationToken.None).AsTask());
    }

    [Fact]
    public async Task PointerAxisAsync_ClicksDiscrete_SmoothAsAxis()
    {
        var notifier = new RecordingNotifier(stream: 1);
        await using var injector = new PortalInputInjector(notifier, 100, 100);

        await injector.PointerAxisAsync(PointerAxis.Vertical, 15, 1, CancellationToken.None);
        await injector.PointerAxisAsync(PointerAxis.Horizontal, -30, -2, CancellationToken.None);
        await injector.PointerAxisAsync(PointerAxis.Vertical, 3.75, 0, CancellationToken.None);

        Assert.Equal(["discrete 0 1", "discrete 1 -2", "axis 0 3.75 False"], notifier.Calls);
    }

    [Fact]
    public async Task DisposeAsync_KeysAndButtonsHeld_ReleasedThenNotifierDisposed()
    {
        var notifier = new RecordingNotifier(stream: 1);
        var injector = new PortalInputInjector(notifier, 100, 100);
        await injector.KeyAsync(42, true, CancellationToken.None);
        await injector.KeyAsync(30, true, CancellationToken.None);
        await injector.KeyAsync(30, false, CancellationToken.None);
        await injector.PointerButtonAsync(0x110, true, CancellationToken.None);

        await injector.DisposeAsync();

        Assert.Equal(["key 42 True", "key 30 True", "key 30 False", "button 272 True", "key 42 False", "button 272 False"], notifier.Calls);
        Assert.True(notifier.Disposed);
    }
}
