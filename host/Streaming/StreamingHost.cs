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
/// and the signaling plugins' endpoints. Stops in order: viewers, transport, capture, pipeline.
/// </summary>
internal sealed partial class StreamingHost(PluginCatalog catalog, WlWebRtcOptions options, AccessTokens tokens, ILoggerFactory loggerFactory) : IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<StreamingHost>();
    private ITransport? _transport;
    private ICaptureSource? _capture;
    private VideoPipeline? _pipeline;
    private ViewerGateway? _gateway;
    private IInputInjector? _injector;
    private RemoteInput.InputRouter? _input;
    private int _inputStarting;
    private bool _stopped;
    private DeferredGateway? _signalingGateway;

    /// <summary>What the signaling plugins see: mapped before the pipeline starts, forwarding once it runs.</summary>
    private DeferredGateway SignalingGateway => _signalingGateway ??= new DeferredGateway(() => _gateway);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var transportEntry = catalog.Selection.Single(PluginKind.Transport)!;
        _transport = await ((ITransportPlugin)transportEntry.Plugin!).StartAsync(catalog.ContextFor(transportEntry), cancellationToken);

        var encoders = EncoderCandidates();
        _pipeline = new VideoPipeline(encoders.Select(e => e.Candidate).ToArray(), options.Encoder, () => _gateway?.ConnectedCount ?? 0, au => _gateway?.Broadcast(au), TimeProvider.System, _logger)
        {
            FrameSizeKnown = StartInput,
        };
        _gateway = new ViewerGateway(_transport, tokens, options.Server.MaxViewers, _pipeline, () => Volatile.Read(ref _input), loggerFactory.CreateLogger<ViewerGateway>());
        _gateway.ViewerCountChanged += (_, count) => SignalingGateway.OnViewerCountChanged(count);

        var captureEntry = catalog.Selection.Single(PluginKind.Capture)!;
        var accepts = encoders[0].Plugin.InputCapabilities;
        var request = new CaptureRequest(accepts, options.Capture.MaxFrameRate) { InputRequested = catalog.Selection.Single(PluginKind.Input) is not null };
        _capture = await ((ICapturePlugin)captureEntry.Plugin!).CreateSourceAsync(request, catalog.ContextFor(captureEntry), cancellationToken);
        _pipeline.Start();
        await _capture.StartAsync(_pipeline, cancellationToken);
        Log.Started(_logger, _capture.Description, string.Join(" > ", encoders.Select(e => e.Candidate.Name)));
    }

    /// <summary>
    /// Starts the selected input plugin once the captured size is known (the first frame), aimed at the capture
    /// source; until then, and when it fails, input messages are dropped and counted.
    /// </summary>
    private void StartInput(int width, int height)
    {
        var entry = catalog.Selection.Single(PluginKind.Input);
        if (entry is null || _capture is null || Interlocked.Exchange(ref _inputStarting, 1) == 1)
        {
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                var injector = await ((IInputPlugin)entry.Plugin!).CreateInjectorAsync(new InputTarget(_capture, width, height), catalog.ContextFor(entry), CancellationToken.None);
                _injector = injector;
                Volatile.Write(ref _input, new RemoteInput.InputRouter(injector, (id, json) => _gateway?.SendToViewer(id, json), RemoteInput.InputRouterOptions.Default, TimeProvider.System, loggerFactory.CreateLogger<RemoteInput.InputRouter>()));
                Log.InputStarted(_logger, entry.Name, width, height);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Input is optional: a failing input plugin leaves a view-only server, and says why.
            catch (Exception ex)
            {
                Log.InputFailed(_logger, entry.Name, ex);
            }
        });
    }

    /// <summary>Adds every selected signaling plugin's routes (they are served once the app starts).</summary>
    public void MapEndpoints(IEndpointRouteBuilder endpoints)
    {
        var gateway = SignalingGateway;
        var signaling = catalog.Selection.Chosen.GetValueOrDefault(PluginKind.Signaling) ?? [];
        if (signaling.Count == 0)
        {
            Log.NoSignaling(_logger, catalog.Selection.Problems.GetValueOrDefault(PluginKind.Signaling) ?? "none selected");
        }

        foreach (var entry in signaling)
        {
            ((ISignalingPlugin)entry.Plugin!).MapEndpoints(endpoints, gateway, catalog.ContextFor(entry));
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
            Encoder = _pipeline?.EncoderDescription ?? "none",
            Viewers = viewers.Count,
            Sessions = viewers.Select(v =>
            {
                var stats = v.Session.GetStats();
                return new SessionStatus(v.Id, v.Role.ToString().ToLowerInvariant(), v.Session.State.ToString().ToLowerInvariant(), stats.FramesSent, stats.RoundTripTime?.TotalMilliseconds);
            }).ToArray(),
            CaptureFramesPerSecond = captureFps,
            EncodedFramesPerSecond = encodeFps,
            BitrateBitsPerSecond = bps,
            CapturedFrames = totals.CapturedFrames,
            EncodedFrames = totals.EncodedFrames,
            Keyframes = totals.Keyframes,
            KeyframeRequestsCoalesced = totals.KeyframeRequestsCoalesced,
            EncodedBytes = totals.EncodedBytes,
            TargetBitrateBitsPerSecond = _pipeline?.TargetBitrate ?? options.Encoder.Bitrate,
            StageLatencies = _pipeline?.StageLatencies ?? new Dictionary<string, LatencyPercentiles?>(),
        };
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        if (_gateway is not null)
        {
            await _gateway.CloseAllAsync();
        }

        if (_injector is not null)
        {
            await _injector.ReleaseAllAsync(cancellationToken);
            await _injector.DisposeAsync();
        }

        if (_capture is not null)
        {
            await _capture.StopAsync(cancellationToken);
            await _capture.DisposeAsync();
        }

        if (_pipeline is not null)
        {
            await _pipeline.DisposeAsync();
        }

        if (_transport is not null)
        {
            await _transport.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync() => await StopAsync(CancellationToken.None);

    /// <summary>The selected encoder first, then every other available encoder by priority (run-time fallback).</summary>
    private List<(IEncoderPlugin Plugin, EncoderCandidate Candidate)> EncoderCandidates()
    {
        var selected = catalog.Selection.Single(PluginKind.Encoder)!;
        var others = catalog.Entries
            .Where(e => e.Kind == PluginKind.Encoder && e.Status == Plugins.PluginStatus.Available && e != selected)
            .OrderByDescending(e => e.Metadata!.Priority);
        return [.. new[] { selected }.Concat(others).Select(e =>
        {
            var plugin = (IEncoderPlugin)e.Plugin!;
            var context = catalog.ContextFor(e);
            return (plugin, new EncoderCandidate(e.Name, options.Capture.MaxFrameRate, s => plugin.CreateEncoder(s, context)));
        })];
    }

    /// <summary>Signaling is mapped before the pipeline starts; calls arrive only once it runs.</summary>
    private sealed class DeferredGateway(Func<ViewerGateway?> gateway) : IViewerGateway
    {
        private ViewerGateway Current => gateway() ?? throw new InvalidOperationException("the server is not streaming yet");

        public ViewerAccess? Authenticate(string? token) => gateway()?.Authenticate(token);

        public ValueTask<IViewerConnection> ConnectAsync(SessionDescription offer, ViewerAccess access, CancellationToken cancellationToken) =>
            Current.ConnectAsync(offer, access, cancellationToken);

        public IViewerConnection? Find(string id) => gateway()?.Find(id);

        public int ViewerCount => gateway()?.ViewerCount ?? 0;

        public event EventHandler<int>? ViewerCountChanged;

        public void OnViewerCountChanged(int count) => ViewerCountChanged?.Invoke(this, count);
    }

    private static partial class Log
    {
        [LoggerMessage(400, LogLevel.Information, "Streaming from {Capture} through {Encoders}")]
        public static partial void Started(ILogger logger, string capture, string encoders);

        [LoggerMessage(401, LogLevel.Warning, "No signaling plugin: viewers cannot connect ({Reason})")]
        public static partial void NoSignaling(ILogger logger, string reason);

        [LoggerMessage(402, LogLevel.Information, "Input through {Plugin} onto the captured {Width}x{Height} output")]
        public static partial void InputStarted(ILogger logger, string plugin, int width, int height);

        [LoggerMessage(403, LogLevel.Error, "Input plugin {Plugin} could not start; viewers can watch but not control")]
        public static partial void InputFailed(ILogger logger, string plugin, Exception exception);
    }
}
