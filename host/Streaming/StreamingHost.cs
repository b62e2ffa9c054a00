using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Control;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Host.Runtime;
using WlWebRtc.Host.Server;
using WlWebRtc.Input;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Streaming;

/// <summary>
/// One streaming session of the server: the selected capture source and encoder, the transport, the viewers,
/// and the signaling plugins' endpoints. Composition only: the pipeline sees the viewers as its
/// <see cref="IVideoViewers"/>, the viewers see the pipeline as their <see cref="IVideoStreamControl"/>, and signaling
/// is mapped onto the gateway once it exists. <see cref="ShutdownAsync"/> runs once and stops in order: viewers,
/// input, capture, pipeline, transport, each step contained, logged and bounded in time.
/// </summary>
internal sealed partial class StreamingHost : IAsyncDisposable
{
    /// <summary>How long one shutdown step may take before it is abandoned (and logged) and the next one runs.</summary>
    public static readonly TimeSpan DefaultStepTimeout = TimeSpan.FromSeconds(5);

    private readonly PluginCatalog _catalog;
    private readonly WlWebRtcOptions _options;
    private readonly AccessTokens _tokens;
    private readonly IAuthenticationGuard _authenticationGuard;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;
    private readonly Lock _shutdownGate = new();
    private ITransport? _transport;
    private ICaptureSource? _capture;
    private VideoPipeline? _pipeline;
    private Tiers.EncoderTiers? _tiers;
    private ViewerGateway? _gateway;
    private IInputInjector? _injector;
    private Display.ViewerSizeFollower? _display;
    private Display.OutputSwitcher? _outputs;
    private Stages.ServerStageReporter? _stages;
    private Clipboard.ISessionClipboard? _sessionClipboard;
    private RemoteInput.Clipboard.ClipboardRouter? _clipboardRouter;
    private int _inputStarting;
    private Task<bool>? _shutdown;

    public StreamingHost(PluginCatalog catalog, WlWebRtcOptions options, AccessTokens tokens, IAuthenticationGuard authenticationGuard, ILoggerFactory loggerFactory)
    {
        _catalog = catalog;
        _options = options;
        _tokens = tokens;
        _authenticationGuard = authenticationGuard;
        _loggerFactory = loggerFactory;
        _logger = loggerFactory.CreateLogger<StreamingHost>();
        Metrics = new StreamingMetrics(() => Status(DateTimeOffset.MinValue, string.Empty, new Dictionary<string, string>()), TimeProvider.System);
    }

    /// <summary>The server's instruments (meter "WlWebRtc"), which <c>/metrics</c> renders.</summary>
    public StreamingMetrics Metrics { get; }

    /// <summary>Why the capture source stopped, if it failed; the server then stops with <see cref="Cli.ExitCodes.CaptureFailed"/>.</summary>
    public Exception? CaptureFailure => _pipeline?.CaptureFailure;

    /// <summary>Cancelled when the capture source fails at run time (viewers would see a frozen picture from then on).</summary>
    public CancellationToken CaptureFailed => _pipeline?.CaptureFailed ?? CancellationToken.None;

    /// <summary>
    /// Starts the transport, the pipeline and the capture, then maps every selected signaling plugin's routes onto the
    /// running gateway (they are served once the app starts).
    /// </summary>
    public async Task StartAsync(IEndpointRouteBuilder endpoints, CancellationToken cancellationToken)
    {
        var transport = _catalog.Selection.Transport!;
        _transport = await transport.Plugin.StartAsync(_catalog.ContextFor(transport), cancellationToken);

        var encoders = EncoderCandidates();
        _pipeline = new VideoPipeline(encoders.Select(e => e.Candidate).ToArray(), _options.Encoder, TimeProvider.System, _logger)
        {
            FrameSizeKnown = StartInput,
            StageLatency = Metrics.StageLatency,
            Degradation = _options.Degradation,
        };
        if (_options.Degradation.MaxTiers > 1)
        {
            // A higher tier is one more pipeline on the same encoders, fed the same frames, serving the gateway's viewers in it.
            _tiers = new Tiers.EncoderTiers(_pipeline, _options.Degradation.MaxTiers, tier =>
            {
                var pipeline = new VideoPipeline(encoders.Select(e => e.Candidate).ToArray(), _options.Encoder, TimeProvider.System, _logger) { Degradation = _options.Degradation };
                pipeline.Start(_gateway!.ViewersOf(tier));
                return pipeline;
            });
        }

        _gateway = new ViewerGateway(_transport, _tokens, _authenticationGuard, _options.Server.MaxViewers, _pipeline, _loggerFactory.CreateLogger<ViewerGateway>())
        {
            EncoderTiers = _tiers,
            Grouping = _options.Degradation,
        };

        var capture = _catalog.Selection.Capture!;
        var accepts = encoders[0].Plugin.InputCapabilities;
        var request = new CaptureRequest(accepts, _options.Capture.MaxFrameRate) { InputRequested = _catalog.Selection.Input is not null, OutputName = _options.Display.Output };
        _capture = await capture.Plugin.CreateSourceAsync(request, _catalog.ContextFor(capture), cancellationToken);
        _pipeline.Start(_gateway);
        await _capture.StartAsync(_tiers is null ? _pipeline : _tiers, cancellationToken);
        FollowViewerSize(_capture, _gateway);
        OfferOutputs(_capture, _gateway);
        ReportStages(_gateway, _pipeline, _tiers);
        Log.Started(_logger, _capture.Description, string.Join(" > ", encoders.Select(e => e.Candidate.Name)));
        MapSignaling(endpoints, _gateway);
    }

    /// <summary>
    /// Starts the selected input plugin once the captured size is known (the first frame), aimed at the capture
    /// source; until then, and when it fails, input messages are dropped and counted.
    /// </summary>
    private void StartInput(int width, int height)
    {
        var input = _catalog.Selection.Input;
        var gateway = _gateway;
        if (input is null || _capture is null || gateway is null || Interlocked.Exchange(ref _inputStarting, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var target = new InputTarget(_capture, width, height) { OutputName = _capture.GetFeature<IOutputSelection>()?.SelectedOutput };
                var injector = await input.Plugin.CreateInjectorAsync(target, _catalog.ContextFor(input), CancellationToken.None);
                _injector = injector;
                gateway.AttachInput(new RemoteInput.InputRouter(injector, gateway.SendToViewer, RemoteInput.InputRouterOptions.Default with { KeyboardLayout = _options.KeyboardLayout }, TimeProvider.System, _loggerFactory.CreateLogger<RemoteInput.InputRouter>()));
                Log.InputStarted(_logger, input.Name, width, height);
                await StartClipboardAsync(input, target, gateway).ConfigureAwait(false);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Input is optional: a failing input plugin leaves a view-only server, and says why.
            catch (Exception ex)
            {
                Log.InputFailed(_logger, input.Name, ex);
            }
        });
    }

    /// <summary>With <c>display.follow_viewer</c>, the controlling viewer's stage size drives the output where the capture can resize it.</summary>
    private void FollowViewerSize(ICaptureSource capture, ViewerGateway gateway)
    {
        if (!_options.Display.FollowViewer)
        {
            return;
        }

        if (capture.GetFeature<IResizableOutput>() is not { } output)
        {
            Log.SizeNotFollowed(_logger, capture.Description);
            return;
        }

        _display = new Display.ViewerSizeFollower(output, _options.Display, TimeProvider.System, _loggerFactory.CreateLogger<Display.ViewerSizeFollower>());
        gateway.AttachDisplay(_display);
    }

    /// <summary>Every viewer's statistics overlay gets the server's stages of its frames, once a second.</summary>
    private void ReportStages(ViewerGateway gateway, VideoPipeline pipeline, Tiers.EncoderTiers? tiers) =>
        _stages = new Stages.ServerStageReporter(() => Stages.ViewerStages.Read(gateway, pipeline, tiers), gateway.SendToViewer, TimeProvider.System, _logger);

    /// <summary>Where the capture can switch outputs, viewers get the list and the control viewer may pick one.</summary>
    private void OfferOutputs(ICaptureSource capture, ViewerGateway gateway)
    {
        if (capture.GetFeature<IOutputSelection>() is not { } selection)
        {
            if (_options.Display.Output is { } wanted)
            {
                Log.OutputNotSelected(_logger, wanted, capture.Description);
            }

            return;
        }

        _outputs = new Display.OutputSwitcher(selection, gateway.SendToViewer, gateway.ViewerRoles, TimeProvider.System, _loggerFactory.CreateLogger<Display.OutputSwitcher>());
        gateway.AttachOutputs(_outputs);
    }

    /// <summary>
    /// Opens the session's clipboard when the input plugin can reach it and <c>[clipboard] direction</c> is not off;
    /// a failure leaves input working without a clipboard, and says why.
    /// </summary>
    private async Task StartClipboardAsync(SelectedPlugin<IInputPlugin> input, InputTarget target, ViewerGateway gateway)
    {
        if (_options.Clipboard.Direction == RemoteInput.Clipboard.ClipboardDirection.Off || input.Plugin is not Clipboard.IClipboardPlugin plugin)
        {
            return;
        }

        try
        {
            var clipboard = await plugin.OpenClipboardAsync(target, _catalog.ContextFor(input), CancellationToken.None).ConfigureAwait(false);
            _sessionClipboard = clipboard;
            _clipboardRouter = new RemoteInput.Clipboard.ClipboardRouter(
                clipboard, gateway.SendClipboardAsync, _options.Clipboard, TimeProvider.System, _loggerFactory.CreateLogger<RemoteInput.Clipboard.ClipboardRouter>());
            gateway.AttachClipboard(_clipboardRouter);
            Log.ClipboardStarted(_logger, input.Name, RemoteInput.Clipboard.ClipboardDirections.Name(_options.Clipboard.Direction), _options.Clipboard.MaxBytes);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): The clipboard is optional: a session without one keeps input and video, and says why.
        catch (Exception ex)
        {
            Log.ClipboardFailed(_logger, input.Name, ex);
        }
    }

    /// <summary>Adds every selected signaling plugin's routes, each given the running gateway.</summary>
    private void MapSignaling(IEndpointRouteBuilder endpoints, ViewerGateway gateway)
    {
        var signaling = _catalog.Selection.Signaling;
        if (signaling.Count == 0)
        {
            Log.NoSignaling(_logger, _catalog.Selection.Problems.GetValueOrDefault(PluginKind.Signaling) ?? "none selected");
        }

        foreach (var plugin in signaling)
        {
            plugin.Plugin.MapEndpoints(endpoints, gateway, _catalog.ContextFor(plugin));
        }
    }

    public StatusSnapshot Status(DateTimeOffset startedAt, string listen, IReadOnlyDictionary<string, string> selected)
    {
        var (captureFps, _) = _pipeline?.CaptureRate ?? default;
        var (encodeFps, bps) = _pipeline?.EncodeRate ?? default;
        var viewers = _gateway?.Viewers ?? [];
        var totals = _pipeline?.Totals ?? new PipelineTotals(0, 0, 0, 0);
        return new StatusSnapshot
        {
            ProcessId = Environment.ProcessId,
            StartedAt = startedAt,
            Listen = listen,
            SelectedPlugins = selected,
            Capture = _pipeline?.CaptureFailure is { } failure ? $"failed: {failure.Message}" : _capture?.Description ?? "stopped",
            CaptureError = _pipeline?.CaptureFailure?.Message,
            Encoder = _pipeline?.EncoderDescription ?? "none",
            Viewers = viewers.Count(v => !v.IsEgress),
            Reachability = (_transport as IReachabilityReport)?.Reachability,
            Sessions = viewers.Select(v =>
            {
                var stats = v.Session.GetStats();
                return new SessionStatus(v.Id, v.IsEgress ? "egress" : v.Role.ToString().ToLowerInvariant(), v.Session.State.ToString().ToLowerInvariant(), stats.FramesSent, stats.RoundTripTime?.TotalMilliseconds)
                {
                    RetransmissionsOverBudget = stats.RetransmissionsOverBudget,
                    NackedSequencesDropped = stats.NackedSequencesDropped,
                    TransportFeedbackDropped = stats.TransportFeedbackDropped,
                    KeyframeRequestsSuppressed = stats.KeyframeRequestsSuppressed,
                    NacksReceived = stats.NacksReceived,
                    PacketsRetransmitted = stats.PacketsRetransmitted,
                    KeyframeRequestsReceived = stats.KeyframeRequestsReceived,
                    BytesSent = stats.BytesSent,
                    PacingSendMilliseconds = stats.LastFramePacingDelay?.TotalMilliseconds,
                    FecPacketsSent = stats.FecPacketsSent,
                    FecBytesSent = stats.FecBytesSent,
                    FecEmptyRetransmissions = stats.FecEmptyRetransmissions,
                    ProbeClusters = stats.ProbeClusters,
                    ProbeResults = stats.ProbeResults,
                    LastProbeBitsPerSecond = stats.LastProbeBitsPerSecond,
                    LastProbeSaturated = stats.LastProbeSaturated,
                    LastProbeAgeMilliseconds = stats.LastProbeAge?.TotalMilliseconds,
                    PaddingBytesSent = stats.PaddingBytesSent,
                    PlayoutDelayMilliseconds = stats.PlayoutDelay.TotalMilliseconds,
                    DuplicateRetransmissions = stats.DuplicateRetransmissions,
                    EstimateBitsPerSecond = stats.EstimatedBandwidthBitsPerSecond,
                    FractionLost = stats.FractionLost,
                    FramesDropped = stats.FramesDropped,
                };
            }).ToArray(),
            CaptureFramesPerSecond = captureFps,
            EncodedFramesPerSecond = encodeFps,
            BitrateBitsPerSecond = bps,
            CapturedFrames = totals.CapturedFrames,
            EncodedFrames = totals.EncodedFrames,
            Keyframes = totals.Keyframes,
            KeyframeRequestsCoalesced = totals.KeyframeRequestsCoalesced,
            EncodedBytes = totals.EncodedBytes,
            TargetBitrateBitsPerSecond = _pipeline?.TargetBitrate ?? _options.Encoder.Bitrate,
            StageLatencies = _pipeline?.StageLatencies ?? new Dictionary<string, LatencyPercentiles?>(),
            Egress = EgressStatuses(viewers),
            EncoderTiers = TierStatuses(viewers),
        };
    }

    /// <summary>Each running encoder tier: its degradation rung (frame rate, scale), target and viewers.</summary>
    private EncoderTierStatus[] TierStatuses(IReadOnlyCollection<Viewer> viewers)
    {
        IReadOnlyList<(int Tier, VideoPipeline Pipeline)> running = _tiers?.Running ?? (_pipeline is null ? [] : [(0, _pipeline)]);
        return [.. running.Select(t => new EncoderTierStatus(t.Tier, t.Pipeline.EncodeFrameRate, t.Pipeline.EncodeScalePercent, t.Pipeline.TargetBitrate,
            viewers.Count(v => v.Tier == t.Tier), t.Pipeline.EncodeRate.Bps))];
    }

    private readonly EgressRates _egressRates = new(TimeProvider.System);

    /// <summary>Each egress's last report, with the bytes its current session sent and its bitrate since the last reading.</summary>
    private EgressStatusEntry[] EgressStatuses(IReadOnlyCollection<Viewer> viewers) =>
        [.. (_gateway?.Egresses ?? []).OrderBy(e => e.Name, StringComparer.Ordinal).Select(e =>
        {
            var bytes = viewers.FirstOrDefault(v => v.Id == e.ViewerId)?.Session.GetStats().BytesSent ?? 0;
            return new EgressStatusEntry(e.Name, e.Target, e.State.ToString().ToLowerInvariant(), e.Error, e.Reconnects, bytes, _egressRates.BitsPerSecond(e.Name, e.ViewerId, bytes));
        })];

    /// <summary>
    /// Stops everything once, in order: viewers, input, capture, pipeline, transport. Every step runs whatever the
    /// earlier ones did; a step that throws or takes longer than <paramref name="stepTimeout"/> is logged and left
    /// behind. Returns true when every step finished in time without an error. Every caller, first or later, gets
    /// the one shutdown's result.
    /// </summary>
    public Task<bool> ShutdownAsync(TimeSpan stepTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stepTimeout, TimeSpan.Zero);
        lock (_shutdownGate)
        {
            return _shutdown ??= Task.Run(() => RunShutdownAsync(stepTimeout));
        }
    }

    public async ValueTask DisposeAsync() => await ShutdownAsync(DefaultStepTimeout).ConfigureAwait(false);

    private async Task<bool> RunShutdownAsync(TimeSpan stepTimeout)
    {
        _stages?.Dispose();
        var ok = await StepAsync("close viewers", _ => _gateway?.CloseAllAsync() ?? ValueTask.CompletedTask, stepTimeout).ConfigureAwait(false);
        ok &= await StepAsync("close clipboard", async _ =>
        {
            if (_clipboardRouter is { } router)
            {
                await router.DisposeAsync().ConfigureAwait(false);
            }

            if (_sessionClipboard is { } clipboard)
            {
                await clipboard.DisposeAsync().ConfigureAwait(false);
            }
        }, stepTimeout).ConfigureAwait(false);
        ok &= await StepAsync("release input", async token =>
        {
            if (_injector is { } injector)
            {
                await injector.ReleaseAllAsync(token).ConfigureAwait(false);
                await injector.DisposeAsync().ConfigureAwait(false);
            }
        }, stepTimeout).ConfigureAwait(false);
        ok &= await StepAsync("stop capture", async token =>
        {
            _display?.Dispose();
            _outputs?.Dispose();
            if (_capture is { } capture)
            {
                await capture.StopAsync(token).ConfigureAwait(false);
                await capture.DisposeAsync().ConfigureAwait(false);
            }
        }, stepTimeout).ConfigureAwait(false);
        ok &= await StepAsync("stop encoder tiers", _ => _tiers?.DisposeAsync() ?? ValueTask.CompletedTask, stepTimeout).ConfigureAwait(false);
        ok &= await StepAsync("stop pipeline", _ => _pipeline?.DisposeAsync() ?? ValueTask.CompletedTask, stepTimeout).ConfigureAwait(false);
        ok &= await StepAsync("stop transport", _ => _transport?.DisposeAsync() ?? ValueTask.CompletedTask, stepTimeout).ConfigureAwait(false);
        ok &= await StepAsync("dispose metrics", _ =>
        {
            Metrics.Dispose();
            return ValueTask.CompletedTask;
        }, stepTimeout).ConfigureAwait(false);
        Log.ShutdownDone(_logger, ok);
        return ok;
    }

    /// <summary>One shutdown step, on the thread pool (a step that blocks cannot hold up the others), contained and bounded.</summary>
    private async Task<bool> StepAsync(string step, Func<CancellationToken, ValueTask> run, TimeSpan timeout)
    {
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await Task.Run(() => run(timer.Token).AsTask(), CancellationToken.None).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            Log.StepTimedOut(_logger, step, timeout.TotalSeconds);
            return false;
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Shutdown goes on whatever one plugin or part throws; the next steps still release their resources.
        catch (Exception ex)
        {
            Log.StepFailed(_logger, step, ex);
            return false;
        }
    }

    /// <summary>The selected encoder first, then every other available encoder by priority (run-time fallback).</summary>
    private List<(IEncoderPlugin Plugin, EncoderCandidate Candidate)> EncoderCandidates()
    {
        var selected = _catalog.Selection.Encoder!;
        var others = _catalog.Entries
            .Where(e => e.Kind == PluginKind.Encoder && e.Status == Plugins.PluginStatus.Available && e != selected.Entry)
            .OrderByDescending(e => e.Metadata!.Priority)
            .Select(SelectedPlugin<IEncoderPlugin>.From);
        return [.. new[] { selected }.Concat(others).Select(e =>
        {
            var plugin = e.Plugin;
            var context = _catalog.ContextFor(e);
            return (plugin, new EncoderCandidate(e.Name, _options.Capture.MaxFrameRate, s => plugin.CreateEncoder(s, context)));
        })];
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.StreamingStarted, LogLevel.Information, "Streaming from {Capture} through {Encoders}")]
        public static partial void Started(ILogger logger, string capture, string encoders);

        [LoggerMessage(EventIds.NoSignaling, LogLevel.Warning, "No signaling plugin: viewers cannot connect ({Reason})")]
        public static partial void NoSignaling(ILogger logger, string reason);

        [LoggerMessage(EventIds.InputStarted, LogLevel.Information, "Input through {Plugin} onto the captured {Width}x{Height} output")]
        public static partial void InputStarted(ILogger logger, string plugin, int width, int height);

        [LoggerMessage(EventIds.InputFailed, LogLevel.Error, "Input plugin {Plugin} could not start; viewers can watch but not control")]
        public static partial void InputFailed(ILogger logger, string plugin, Exception exception);

        [LoggerMessage(EventIds.ClipboardStarted, LogLevel.Information, "Clipboard through {Plugin}: direction {Direction}, at most {MaxBytes} bytes an item")]
        public static partial void ClipboardStarted(ILogger logger, string plugin, string direction, int maxBytes);

        [LoggerMessage(EventIds.ClipboardFailed, LogLevel.Warning, "Input plugin {Plugin} offers a clipboard but it could not open; input works without it")]
        public static partial void ClipboardFailed(ILogger logger, string plugin, Exception exception);

        [LoggerMessage(EventIds.ShutdownStepFailed, LogLevel.Error, "Shutdown step '{Step}' failed; going on with the next")]
        public static partial void StepFailed(ILogger logger, string step, Exception exception);

        [LoggerMessage(EventIds.ShutdownStepTimedOut, LogLevel.Error, "Shutdown step '{Step}' did not finish within {TimeoutSeconds} s; going on with the next")]
        public static partial void StepTimedOut(ILogger logger, string step, double timeoutSeconds);

        [LoggerMessage(EventIds.ViewerSizeNotFollowed, LogLevel.Warning, "display.follow_viewer is set, but the capture ({Capture}) cannot resize its output: viewers keep letterboxing")]
        public static partial void SizeNotFollowed(ILogger logger, string capture);

        [LoggerMessage(EventIds.OutputNotSelected, LogLevel.Warning, "display.output is '{Output}', but the capture ({Capture}) cannot choose among outputs: it shows its own choice")]
        public static partial void OutputNotSelected(ILogger logger, string output, string capture);

        [LoggerMessage(EventIds.ShutdownDone, LogLevel.Information, "Streaming stopped (every step clean: {Clean})")]
        public static partial void ShutdownDone(ILogger logger, bool clean);
    }
}
