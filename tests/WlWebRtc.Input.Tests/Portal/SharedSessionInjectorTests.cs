using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Capture.Tests.Portal;
using WlWebRtc.DBus;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;
using WlWebRtc.Portal;
using WlWebRtc.Portal.Session;
using WlWebRtc.Testing;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.Input.Tests.Portal;

/// <summary>
/// The input plugin given a capture whose portal session was started through RemoteDesktop: the capture's real
/// session (its portal part, against a fake portal on a real dbus-daemon) is offered through a stand-in capture
/// source, and every event must travel through it, with no second session.
/// </summary>
public sealed class SharedSessionInjectorTests : IAsyncLifetime
{
    private FakePortalBus _bus = null!;

    public async Task InitializeAsync() => _bus = await FakePortalBus.StartAsync();

    public async Task DisposeAsync() => await _bus.DisposeAsync();

    [Fact]
    public async Task CreateInjectorAsync_SourceOffersRemoteDesktopSession_EventsTravelThroughItWithNoSecondSession()
    {
        await using var capture = await _bus.OpenAsync(inputRequested: true);
        var source = SourceOffering(capture.RemoteDesktop);

        await using (var injector = await CreateAsync(source))
        {
            await injector.MovePointerAbsoluteAsync(0.5, 1, CancellationToken.None);
            await injector.PointerButtonAsync(0x110, true, CancellationToken.None);
            await injector.PointerAxisAsync(PointerAxis.Vertical, 15, 1, CancellationToken.None);
            await injector.PointerAxisAsync(PointerAxis.Horizontal, 2.5, 0, CancellationToken.None);
            await injector.KeyAsync(30, true, CancellationToken.None);
        }

        var notify = _bus.Portal.Calls.Where(c => c.Method.StartsWith("RemoteDesktop.Notify", StringComparison.Ordinal)).ToList();
        Assert.Equal(
            [
                "NotifyPointerMotionAbsolute 42 639.5 719",
                "NotifyPointerButton 272 1",
                "NotifyPointerAxisDiscrete 0 1",
                "NotifyPointerAxis 2.5 0",
                "NotifyKeyboardKeycode 30 1",
                "NotifyKeyboardKeycode 30 0",
                "NotifyPointerButton 272 0",
            ],
            notify.Select(c => $"{c.Message.Member} {string.Join(' ', c.Message.Body.Skip(2).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)))}"));
        Assert.All(notify, c => Assert.Equal(capture.SessionHandle, ((ObjectPath)c.Message.Body[0]).Value));
        Assert.All(notify, c => Assert.Equal(capture.Connection.UniqueName, c.Message.Sender));
        Assert.Single(_bus.Portal.Calls, c => c.Method.EndsWith(".CreateSession", StringComparison.Ordinal));
        Assert.Empty(_bus.Portal.ClosedSessions);
        Assert.False(capture.Closed.IsCompleted, "disposing the injector closed the capture's session");
    }

    [Fact]
    public async Task Injection_AfterTheSessionClosed_FailsSayingInputStoppedAndReleasesQuietly()
    {
        await using var capture = await _bus.OpenAsync(inputRequested: true);
        var injector = await CreateAsync(SourceOffering(capture.RemoteDesktop));
        await injector.KeyAsync(42, true, CancellationToken.None);

        _bus.Portal.CloseSessionFromCompositor(capture.SessionHandle, capture.Connection.UniqueName);
        await capture.RemoteDesktop!.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => injector.MovePointerAbsoluteAsync(0.2, 0.2, CancellationToken.None).AsTask());
        Assert.Contains("Input injection stopped", error.Message, StringComparison.Ordinal);
        Assert.Contains("RemoteDesktop portal session ended", error.Message, StringComparison.Ordinal);
        await injector.DisposeAsync(); // releasing the held key must not throw: the session's devices are gone
        Assert.Single(_bus.Portal.Calls, c => c.Method == "RemoteDesktop.NotifyKeyboardKeycode");
    }

    [Fact]
    public async Task CreateInjectorAsync_SessionAlreadyEnded_FailsClearly()
    {
        await using var capture = await _bus.OpenAsync(inputRequested: true);
        _bus.Portal.CloseSessionFromCompositor(capture.SessionHandle, capture.Connection.UniqueName);
        await capture.Closed.WaitAsync(TimeSpan.FromSeconds(10));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CreateAsync(SourceOffering(capture.RemoteDesktop)).AsTask());

        Assert.Contains("already ended", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateInjectorAsync_SourceWithoutTheFeature_StartsOwnSessionAndWarnsWhy()
    {
        var source = new OfferingSource("testpattern 1280x720", feature: null);
        using var logs = new RecordingLoggerFactory();
        var context = new PluginContext(TestSettings.Empty, TestSettings.Empty, HardwareInventory.Empty, logs);

        await using (var injector = await new PortalRemoteDesktopPlugin(_bus.Address).CreateInjectorAsync(new InputTarget(source, 1920, 1080), context, CancellationToken.None))
        {
            await injector.KeyAsync(30, true, CancellationToken.None);
        }

        Assert.Equal(["RemoteDesktop.CreateSession", "RemoteDesktop.SelectDevices", "ScreenCast.SelectSources", "RemoteDesktop.Start"], _bus.Methods.Take(4));
        var handle = _bus.Portal.Calls.Single(c => c.Method == "RemoteDesktop.Start").Message.Body[0];
        Assert.Equal(handle, _bus.Portal.Calls.First(c => c.Method == "RemoteDesktop.NotifyKeyboardKeycode").Message.Body[0]);
        var warning = Assert.Single(logs.Messages, m => m.Level == LogLevel.Warning);
        Assert.Contains("testpattern 1280x720 offers no RemoteDesktop portal session", warning.Text, StringComparison.Ordinal);
        Assert.Contains("second permission", warning.Text, StringComparison.Ordinal);
        Assert.Single(_bus.Portal.ClosedSessions); // the plugin's own session is closed with the injector
    }

    private static OfferingSource SourceOffering(IRemoteDesktopSessionFeature? feature)
    {
        Assert.NotNull(feature);
        return new OfferingSource("fake portal capture", feature);
    }

    private static ValueTask<IInputInjector> CreateAsync(ICaptureSource source) =>
        new PortalRemoteDesktopPlugin().CreateInjectorAsync(
            new InputTarget(source, 1920, 1080),
            new PluginContext(TestSettings.Empty, TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance),
            CancellationToken.None);
}

/// <summary>
/// A capture source that offers the given session the way the portal capture does: the session type is internal to
/// the portal assembly (only its own input plugin shares it), so a proxy library cannot stand in for it.
/// </summary>
internal sealed class OfferingSource(string description, IRemoteDesktopSessionFeature? feature) : ICaptureSource
{
    public string Description => description;

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask StopAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public TFeature? GetFeature<TFeature>()
        where TFeature : class => feature as TFeature;

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

internal sealed class RecordingLoggerFactory : ILoggerFactory
{
    public List<(LogLevel Level, string Text)> Messages { get; } = [];

    public ILogger CreateLogger(string categoryName) => new Recorder(this);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Recorder(RecordingLoggerFactory provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (provider.Messages)
            {
                provider.Messages.Add((logLevel, formatter(state, exception)));
            }
        }
    }
}
