using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Host.Runtime;
using WlWebRtc.Host.Server;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Plugins;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Tests.Streaming;

#pragma warning disable CA2012 // NSubstitute configures ValueTask-returning members by calling them.

/// <summary>The composition's lifecycle with substitute plugins: shutdown runs once, contains each step, and a capture failure is surfaced.</summary>
public sealed class StreamingHostTests
{
    private readonly ITransport _transport = Substitute.For<ITransport>();
    private readonly ICaptureSource _capture = Substitute.For<ICaptureSource>();
    private IVideoFrameSink? _sink;

    private StreamingHost NewHost()
    {
        var transport = Plugin<ITransportPlugin>(PluginKind.Transport, "webrtc");
        transport.StartAsync(Arg.Any<PluginContext>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<ITransport>(_transport));
        var capture = Plugin<ICapturePlugin>(PluginKind.Capture, "testpattern");
        capture.CreateSourceAsync(Arg.Any<CaptureRequest>(), Arg.Any<PluginContext>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<ICaptureSource>(_capture));
        _capture.Description.Returns("test pattern");
        _capture.StartAsync(Arg.Any<IVideoFrameSink>(), Arg.Any<CancellationToken>()).Returns(call =>
        {
            _sink = call.Arg<IVideoFrameSink>();
            return ValueTask.CompletedTask;
        });
        var encoder = Plugin<IEncoderPlugin>(PluginKind.Encoder, "x264");
        encoder.InputCapabilities.Returns(new EncoderInputCapabilities([Media.PixelFormat.Bgrx], Media.FrameMemoryKinds.Cpu));
        var options = WlWebRtcOptions.Read(ConfigurationLoader.Load(null, new Dictionary<string, string?> { ["input:plugin"] = "none", ["signaling:plugin"] = "none" }, useEnvironment: false)).Options!;
        PluginEntry[] entries = [Entry(transport), Entry(capture), Entry(encoder)];
        var catalog = new PluginCatalog(
            new Host.Hardware.HardwareReport(HardwareInventory.Empty, Detection.Absent("test"), TimeSpan.Zero), [], entries, PluginSelection.Select(entries, options),
            new ConfigurationBuilder().Build(), NullLoggerFactory.Instance);
        return new StreamingHost(catalog, options, new AccessTokens("view", null), new SharedAuthenticationGuard(TimeProvider.System), NullLoggerFactory.Instance);
    }

    private static T Plugin<T>(PluginKind kind, string name)
        where T : class, IPlugin
    {
        var plugin = Substitute.For<T>();
        plugin.Metadata.Returns(new PluginMetadata(name, kind, new Version(1, 0), 10, "test"));
        return plugin;
    }

    private static PluginEntry Entry(IPlugin plugin) => new() { Folder = "/plugins/" + plugin.Metadata.Name, Plugin = plugin, Status = PluginStatus.Available, Reason = "ok" };

    private static Task StartAsync(StreamingHost host) => host.StartAsync(Substitute.For<IEndpointRouteBuilder>(), CancellationToken.None);

    [Fact]
    public async Task ShutdownAsync_CalledTwice_EveryStepRunsOnceAndBothCallersGetTheResult()
    {
        var host = NewHost();
        await StartAsync(host);

        var first = host.ShutdownAsync(TimeSpan.FromSeconds(30));
        var second = host.ShutdownAsync(TimeSpan.FromSeconds(30));
        await host.DisposeAsync();

        Assert.Same(first, second);
        Assert.True(await first);
        await _capture.Received(1).StopAsync(Arg.Any<CancellationToken>());
        await _transport.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task ShutdownAsync_StepThrows_LaterStepsStillRunAndTheResultSaysSo()
    {
        _capture.StopAsync(Arg.Any<CancellationToken>()).ThrowsAsync(new InvalidOperationException("the compositor went away"));
        var host = NewHost();
        await StartAsync(host);

        var clean = await host.ShutdownAsync(TimeSpan.FromSeconds(30));

        Assert.False(clean);
        await _transport.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task ShutdownAsync_StepHangs_AbandonedAndTheNextStepsRun()
    {
        var never = new TaskCompletionSource();
        _capture.StopAsync(Arg.Any<CancellationToken>()).Returns(new ValueTask(never.Task));
        var host = NewHost();
        await StartAsync(host);

        var clean = await host.ShutdownAsync(TimeSpan.FromMilliseconds(200));

        Assert.False(clean);
        await _transport.Received(1).DisposeAsync();
    }

    [Fact]
    public async Task ShutdownAsync_NeverStarted_NothingToStopAndClean()
    {
        var host = NewHost();

        Assert.True(await host.ShutdownAsync(TimeSpan.FromSeconds(30)));
        await _transport.DidNotReceive().DisposeAsync();
    }

    [Fact]
    public async Task CaptureFailure_SourceStopsWithAnError_StatusExitCodeAndStopSignalSayIt()
    {
        await using var host = NewHost();
        await StartAsync(host);
        Assert.False(host.CaptureFailed.IsCancellationRequested);

        _sink!.OnStopped(new IOException("the screen share was revoked"));

        var status = host.Status(DateTimeOffset.UtcNow, "http://127.0.0.1:8080", new Dictionary<string, string>());
        Assert.True(host.CaptureFailed.IsCancellationRequested);
        Assert.Equal("the screen share was revoked", status.CaptureError);
        Assert.Equal(ExitCodes.CaptureFailed, StatusCommand.ExitCodeFor(status));
        Assert.Contains("FAILED (the screen share was revoked)", StatusCommand.Format(status), StringComparison.Ordinal);
        Assert.Equal(ExitCodes.CaptureFailed, ServerRunner.ExitCodeAfterStop(host.CaptureFailure, cleanShutdown: true, NullLogger.Instance));
    }

    [Fact]
    public void ExitCodeAfterStop_NoCaptureFailure_CleanIsOkAndUncleanIsFailure()
    {
        Assert.Equal(ExitCodes.Ok, ServerRunner.ExitCodeAfterStop(null, cleanShutdown: true, NullLogger.Instance));
        Assert.Equal(ExitCodes.Failure, ServerRunner.ExitCodeAfterStop(null, cleanShutdown: false, NullLogger.Instance));
    }

    [Fact]
    public async Task StartAsync_CaptureEndsWithoutError_NotAFailure()
    {
        await using var host = NewHost();
        await StartAsync(host);

        _sink!.OnStopped(null);

        Assert.False(host.CaptureFailed.IsCancellationRequested);
        Assert.Null(host.Status(DateTimeOffset.UtcNow, string.Empty, new Dictionary<string, string>()).CaptureError);
    }
}
