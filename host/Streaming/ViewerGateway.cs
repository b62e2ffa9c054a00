using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using WlWebRtc.Host.Streaming.Degradation;
using WlWebRtc.Host.Streaming.Tiers;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Streaming;

/// <summary>
/// The host's door for viewers (<see cref="IViewerGateway"/>): checks tokens, enforces the viewer limit, creates a
/// transport session per viewer, and relays session events to the video stream (keyframe requests, bandwidth) and
/// to input handling (only from a viewer with the control role, once <see cref="AttachInput"/> was called). It is the
/// pipeline's <see cref="IVideoViewers"/>; the pipeline is its <see cref="IVideoStreamControl"/>. Every callback a transport thread makes is
/// contained: whatever throws while handling one viewer's event closes that viewer, with the reason logged, and
/// never reaches the transport's thread or the other viewers.
/// </summary>
internal sealed partial class ViewerGateway(
    ITransport transport, Server.AccessTokens tokens, IAuthenticationGuard authenticationGuard, int maxViewers, IVideoStreamControl pipeline, ILogger<ViewerGateway> logger)
    : IViewerGateway, IVideoViewers, IPeerSessionObserver
{
    /// <summary>The data channel that carries input and control messages (docs/input-protocol.md).</summary>
    public const string InputChannel = "input";

    private readonly ConcurrentDictionary<string, Viewer> _viewers = new(StringComparer.Ordinal);
    private int _controlAssigned;
    private RemoteInput.InputRouter? _input;
    private RemoteInput.Cursor.CursorRelay? _cursor;

    /// <summary>Sends the captured cursor to every viewer whose input channel is open.</summary>
    private RemoteInput.Cursor.CursorRelay Cursor => LazyInitializer.EnsureInitialized(ref _cursor, () => new RemoteInput.Cursor.CursorRelay(SendToViewer, logger));

    /// <summary>What the cursor relay sent.</summary>
    public RemoteInput.Cursor.CursorRelayStats CursorStats => Cursor.GetStats();
    private RemoteInput.Clipboard.ClipboardRouter? _clipboard;
    private readonly ConcurrentDictionary<string, bool> _clipboardChannels = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, bool> _inputChannels = new(StringComparer.Ordinal);

    public IReadOnlyCollection<Viewer> Viewers => (IReadOnlyCollection<Viewer>)_viewers.Values;

    /// <summary>People watching: egress sessions (<see cref="PublishAsync"/>) are not counted.</summary>
    public int ViewerCount => _viewers.Values.Count(v => !v.IsEgress);

    public event EventHandler<int>? ViewerCountChanged;

    public ViewerAccess? Authenticate(string? token) => tokens.Authenticate(token);

    public IAuthenticationGuard AuthenticationGuard => authenticationGuard;

    public IReadOnlyList<IceServer> GetIceServers() => transport is IIceServerSource source ? source.GetIceServers() : [];

    /// <summary>Input handling starts once the captured size is known; until then input messages are counted and dropped.</summary>
    /// <remarks>
    /// An injector with a touchscreen changes what the role message says (<c>touch</c>): viewers whose input channel
    /// opened before are told their role again, so their touches go as touches.
    /// </remarks>
    public void AttachInput(RemoteInput.InputRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        Volatile.Write(ref _input, router);
        if (!router.HasTouch)
        {
            return;
        }

        foreach (var id in _inputChannels.Keys)
        {
            if (_viewers.TryGetValue(id, out var viewer))
            {
                SendToViewer(id, RoleMessage(viewer.Role));
            }
        }
    }

    /// <summary>The role message: with <c>touch</c> for the control role when the input plugin has a touchscreen.</summary>
    private ReadOnlyMemory<byte> RoleMessage(ViewerRole role) =>
        RemoteInput.Protocol.ServerMessages.Role(role, Volatile.Read(ref _input)?.HasTouch == true);

    /// <summary>Size reports (<c>vs</c>) go to <paramref name="follower"/> from now on; without one they are dropped.</summary>
    public void AttachDisplay(Display.ViewerSizeFollower follower) => Volatile.Write(ref _display, follower);

    private Display.ViewerSizeFollower? _display;

    /// <summary>Output choices (<c>so</c>) go to <paramref name="switcher"/> from now on, and viewers whose channel opens get the output list.</summary>
    public void AttachOutputs(Display.OutputSwitcher switcher) => Volatile.Write(ref _outputs, switcher);

    private Display.OutputSwitcher? _outputs;

    /// <summary>The viewers now, with whether each has the control role.</summary>
    public IEnumerable<(string Id, bool HasControl)> ViewerRoles() => _viewers.Values.Select(v => (v.Id, v.Role == ViewerRole.Control));
    /// <summary>
    /// Clipboard handling starts beside input; viewers whose clipboard channel opened before are told their
    /// <c>config</c> now, messages before it are dropped.
    /// </summary>
    public void AttachClipboard(RemoteInput.Clipboard.ClipboardRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        Volatile.Write(ref _clipboard, router);
        foreach (var id in _clipboardChannels.Keys)
        {
            if (_viewers.TryGetValue(id, out var viewer))
            {
                router.OnChannelOpened(id, viewer.Role == ViewerRole.Control);
            }
        }
    }

    /// <summary>Sends a message on a viewer's clipboard channel; throws when the channel cannot take it now (its send buffer is full).</summary>
    public ValueTask SendClipboardAsync(string viewerId, ReadOnlyMemory<byte> utf8Json) =>
        _viewers.TryGetValue(viewerId, out var viewer)
            ? viewer.Session.SendDataAsync(new DataChannelMessage(RemoteInput.Clipboard.ClipboardRouter.Channel, utf8Json, IsBinary: false), CancellationToken.None)
            : ValueTask.CompletedTask;

    public IViewerConnection? Find(string id) => _viewers.TryGetValue(id, out var viewer) ? viewer : null;

    public async ValueTask<IViewerConnection> ConnectAsync(SessionDescription offer, ViewerAccess access, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(access);
        if (ViewerCount >= maxViewers)
        {
            throw new ViewerLimitException($"the server already has {maxViewers} viewers (server.max_viewers)");
        }

        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var session = transport.CreateSession(new PeerSessionOptions(id) { StartBitrateBitsPerSecond = pipeline.TargetBitrate }, this);
        var viewer = new Viewer(session, RoleFor(access), CloseViewerAsync);
        _viewers[id] = viewer;
        try
        {
            viewer.Answer = await session.AcceptOfferAsync(offer, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await CloseViewerAsync(viewer).ConfigureAwait(false);
            throw;
        }

        if (!viewer.TryMarkJoined())
        {
            // Closed while negotiating (its transport failed): it never joined, so it is not announced at all.
            return viewer;
        }

        Log.ViewerJoined(logger, id, viewer.Role, _viewers.Count);
        pipeline.RequestKeyframe();
        AnnounceCount();
        return viewer;
    }

    public ValueTask<IViewerConnection> PublishAsync(
        Func<SessionDescription, CancellationToken, ValueTask<SessionDescription>> negotiate, IReadOnlyList<IceServer> iceServers, CancellationToken cancellationToken) =>
        PublishAsync(negotiate, iceServers, IceTransportPolicy.All, cancellationToken);

    public async ValueTask<IViewerConnection> PublishAsync(
        Func<SessionDescription, CancellationToken, ValueTask<SessionDescription>> negotiate, IReadOnlyList<IceServer> iceServers, IceTransportPolicy policy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(negotiate);
        ArgumentNullException.ThrowIfNull(iceServers);

        // An egress is one more view-only consumer of the stream; it takes no viewer slot (server.max_viewers counts
        // people) and never the control role, so the controlling viewer keeps its direct session.
        var id = "egress-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var options = new PeerSessionOptions(id) { StartBitrateBitsPerSecond = pipeline.TargetBitrate, EnableDataChannel = false, Outbound = true, IceServers = iceServers, IceTransportPolicy = policy };
        var session = transport.CreateSession(options, this);
        var viewer = new Viewer(session, ViewerRole.View, CloseViewerAsync) { IsEgress = true };
        _viewers[id] = viewer;
        try
        {
            var offer = await session.CreateOfferAsync(cancellationToken).ConfigureAwait(false);
            var answer = await negotiate(offer, cancellationToken).ConfigureAwait(false);
            await session.SetAnswerAsync(answer, cancellationToken).ConfigureAwait(false);
            viewer.Answer = answer;
        }
        catch
        {
            await CloseViewerAsync(viewer).ConfigureAwait(false);
            throw;
        }

        if (viewer.TryMarkJoined())
        {
            Log.EgressJoined(logger, id, _viewers.Count);
            pipeline.RequestKeyframe();
            AnnounceCount();
        }

        return viewer;
    }

    private readonly ConcurrentDictionary<string, EgressStatus> _egresses = new(StringComparer.Ordinal);

    /// <summary>The last state each egress reported.</summary>
    public IReadOnlyCollection<EgressStatus> Egresses => (IReadOnlyCollection<EgressStatus>)_egresses.Values;

    public void ReportEgress(EgressStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _egresses[status.Name] = status;
    }

    public async ValueTask CloseAllAsync()
    {
        foreach (var viewer in _viewers.Values)
        {
            await CloseViewerAsync(viewer).ConfigureAwait(false);
        }
    }

    /// <summary>Hands an encoded frame of tier 0 to its viewers (each session takes its own reference).</summary>
    public void Broadcast(Media.EncodedAccessUnit accessUnit) => Broadcast(0, accessUnit);

    /// <summary>
    /// Hands an encoded frame of <paramref name="tier"/> to the viewers in it; a viewer moving to the tier starts with
    /// its next keyframe, and until then keeps its old tier's frames (decided and sent under the viewer's tier lock,
    /// so no old-tier frame follows the new tier's keyframe).
    /// </summary>
    private void Broadcast(int tier, Media.EncodedAccessUnit accessUnit)
    {
        foreach (var viewer in _viewers.Values)
        {
            try
            {
                lock (viewer.TierGate)
                {
                    if (viewer.Takes(tier, accessUnit.IsKeyframe))
                    {
                        viewer.Session.SendVideo(accessUnit);
                    }
                }
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): One viewer's broken session must not cost the others their frame.
            catch (Exception ex)
            {
                Fail(viewer, nameof(Broadcast), ex);
            }
        }
    }

    public int ConnectedCount => ConnectedIn(0);

    /// <summary>Answered viewers whose transport is still coming up (a new viewer starts in tier 0).</summary>
    public int NegotiatingCount => _viewers.Values.Count(v => v.Session.State is PeerSessionState.New or PeerSessionState.Connecting && v.Joined);

    /// <summary>Connected viewers that get, or are moving to, <paramref name="tier"/>'s frames.</summary>
    private int ConnectedIn(int tier) => _viewers.Values.Count(v => v.Session.State == PeerSessionState.Connected && (v.Tier == tier || v.PendingTier == tier));

    /// <summary>The encoder tiers (<c>[degradation] max_tiers</c> above 1); without them one encoder runs at the slowest viewer's estimate.</summary>
    public EncoderTiers? EncoderTiers { get => _tiers; init => _tiers = value; }

    /// <summary>The settings the viewers are grouped into tiers by.</summary>
    public DegradationOptions Grouping { get; init; } = DegradationOptions.Default;

    private readonly EncoderTiers? _tiers;
    private TierGrouping? _grouping;
    private readonly Lock _regroupGate = new();

    /// <summary>What a tier's pipeline sees of the viewers: those in the tier (tier 0 is the gateway itself).</summary>
    public IVideoViewers ViewersOf(int tier) => tier == 0 ? this : new TierViewers(this, tier);

    private sealed class TierViewers(ViewerGateway gateway, int tier) : IVideoViewers
    {
        public int ConnectedCount => gateway.ConnectedIn(tier);

        /// <summary>A viewer joins tier 0 and moves here only once connected: nobody negotiates for a higher tier.</summary>
        public int NegotiatingCount => 0;

        public void Broadcast(Media.EncodedAccessUnit accessUnit) => gateway.Broadcast(tier, accessUnit);

        public void ShowCursor(Media.CursorInfo cursor)
        {
            // tier 0 relays the cursor to every viewer
        }

        public void ShowCaptureSize(int width, int height)
        {
            // tier 0 relays the captured size with the cursor
        }
    }

    /// <summary>The tier each viewer gets frames from now (for status).</summary>
    public IReadOnlyDictionary<string, int> ViewerTiers() => _viewers.Values.ToDictionary(v => v.Id, v => v.Tier, StringComparer.Ordinal);

    /// <summary>
    /// A viewer's estimate changed (or a viewer left): without tiers the one encoder follows the lowest estimate; with
    /// tiers the viewers are regrouped, a viewer that changes tier asks its new tier for a keyframe (it moves at that
    /// keyframe), each running tier follows the lowest estimate within it, and a higher tier without viewers stops.
    /// </summary>
    private void OnEstimatesChanged(string? reporter, long reported)
    {
        var estimates = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var viewer in _viewers.Values)
        {
            var estimate = viewer.Session.GetStats().EstimatedBandwidthBitsPerSecond;
            estimate = estimate > 0 ? estimate : viewer.Id == reporter ? reported : 0;
            if (estimate > 0)
            {
                estimates[viewer.Id] = estimate;
            }
        }

        if (_tiers is not { } tiers)
        {
            if (estimates.Count > 0 || reporter is not null)
            {
                pipeline.OnBandwidthEstimate(estimates.Count > 0 ? estimates.Values.Min() : reported);
            }

            return;
        }

        lock (_regroupGate)
        {
            _grouping ??= new TierGrouping(Grouping, TimeProvider.System);
            var placed = _grouping.Update(estimates);
            var lowest = Enumerable.Repeat(long.MaxValue, tiers.Count).ToArray();
            foreach (var (id, tier) in placed)
            {
                if (!_viewers.TryGetValue(id, out var viewer))
                {
                    continue;
                }

                if (viewer.MoveTo(tier))
                {
                    Log.ViewerTierChanging(logger, id, viewer.Tier, tier, estimates[id]);
                    tiers.Activate(tier).RequestKeyframe();
                }

                lowest[tier] = Math.Min(lowest[tier], estimates[id]);
            }

            for (var tier = 0; tier < tiers.Count; tier++)
            {
                if (lowest[tier] != long.MaxValue)
                {
                    tiers.Activate(tier).OnBandwidthEstimate(lowest[tier]);
                }
                else if (tier > 0 && !_viewers.Values.Any(v => v.Tier == tier || v.PendingTier == tier))
                {
                    tiers.Deactivate(tier);
                }
            }
        }
    }

    /// <summary>The pipeline a viewer's keyframe requests go to: its tier's, and the one it is moving to.</summary>
    private void RequestKeyframeFor(IPeerSession session)
    {
        if (_tiers is { } tiers && _viewers.TryGetValue(session.Id, out var viewer))
        {
            tiers.Find(viewer.Tier)?.RequestKeyframe();
            if (viewer.PendingTier is var pending and >= 0)
            {
                tiers.Find(pending)?.RequestKeyframe();
            }

            return;
        }

        pipeline.RequestKeyframe();
    }

    public void ShowCursor(Media.CursorInfo cursor) => Cursor.OnCursor(cursor);

    public void ShowCaptureSize(int width, int height) => Cursor.OnCaptureSize(width, height);

    void IPeerSessionObserver.OnStateChanged(IPeerSession session, PeerSessionState state) => Contain(session, nameof(IPeerSessionObserver.OnStateChanged), () =>
    {
        if (state is PeerSessionState.Closed or PeerSessionState.Failed && _viewers.TryGetValue(session.Id, out var viewer))
        {
            CloseInBackground(viewer);
        }
        else if (state == PeerSessionState.Connected)
        {
            pipeline.RequestKeyframe();
        }
    });

    void IPeerSessionObserver.OnKeyframeRequested(IPeerSession session) => Contain(session, nameof(IPeerSessionObserver.OnKeyframeRequested), () => RequestKeyframeFor(session));

    void IPeerSessionObserver.OnDataChannelOpened(IPeerSession session, string label) => Contain(session, nameof(IPeerSessionObserver.OnDataChannelOpened), () => OnDataChannelOpened(session, label));

    void IPeerSessionObserver.OnDataChannelMessage(IPeerSession session, DataChannelMessage message) => Contain(session, nameof(IPeerSessionObserver.OnDataChannelMessage), () => OnDataChannelMessage(session, message));

    void IPeerSessionObserver.OnBandwidthEstimate(IPeerSession session, long bitsPerSecond) => Contain(session, nameof(IPeerSessionObserver.OnBandwidthEstimate), () =>
        OnEstimatesChanged(session.Id, bitsPerSecond));

    /// <summary>Runs one session event's handling; if it throws, that viewer is closed and the others go on.</summary>
    private void Contain(IPeerSession session, string callback, Action handle)
    {
        try
        {
            handle();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): The transport's thread serves every viewer: the failure stays with the viewer whose event it was.
        catch (Exception ex)
        {
            if (_viewers.TryGetValue(session.Id, out var viewer))
            {
                Fail(viewer, callback, ex);
            }
            else
            {
                Log.CallbackFailed(logger, session.Id, callback, ex);
            }
        }
    }

    private void Fail(Viewer viewer, string what, Exception exception)
    {
        Log.ViewerFailed(logger, viewer.Id, what, exception);
        CloseInBackground(viewer);
    }

    private void CloseInBackground(Viewer viewer) => _ = CloseViewerAsync(viewer).AsTask();

    private void OnDataChannelOpened(IPeerSession session, string label)
    {
        Log.ChannelOpened(logger, session.Id, label);
        if (label == InputChannel && _viewers.TryGetValue(session.Id, out var viewer))
        {
            _inputChannels[viewer.Id] = true;
            SendToViewer(viewer.Id, RoleMessage(viewer.Role));
            Cursor.OnViewerReady(viewer.Id);
            Volatile.Read(ref _outputs)?.OnViewerReady(viewer.Id, viewer.Role == ViewerRole.Control);
        }
        else if (label == RemoteInput.Clipboard.ClipboardRouter.Channel && _viewers.TryGetValue(session.Id, out viewer))
        {
            _clipboardChannels[viewer.Id] = true;
            Volatile.Read(ref _clipboard)?.OnChannelOpened(viewer.Id, viewer.Role == ViewerRole.Control);
        }
    }

    private void OnDataChannelMessage(IPeerSession session, DataChannelMessage message)
    {
        if (!_viewers.TryGetValue(session.Id, out var viewer) || message.IsBinary)
        {
            return;
        }

        if (message.Label == RemoteInput.Clipboard.ClipboardRouter.Channel)
        {
            // Only a controlling viewer's items travel; the router counts and drops the rest.
            Volatile.Read(ref _clipboard)?.OnMessage(viewer.Id, viewer.Role == ViewerRole.Control, message.Data.Span);
            return;
        }

        if (message.Label != InputChannel)
        {
            return;
        }

        // Display messages (the viewer's stage size) are not input: they go to the size follower, never to the router.
        if (Display.DisplayMessages.Route(message.Data.Span, viewer.Id, viewer.Role == ViewerRole.Control, Volatile.Read(ref _display), Volatile.Read(ref _outputs)))
        {
            return;
        }

        // The router forwards input only from a viewer with the control role; the rest is dropped and counted there.
        if (Volatile.Read(ref _input) is { } router)
        {
            router.OnMessage(viewer.Id, viewer.Role == ViewerRole.Control, message.Data.Span);
        }
        else
        {
            Interlocked.Increment(ref _inputWithoutInjector);
        }
    }

    /// <summary>Input messages that arrived while no input plugin was running (none selected, or not ready yet).</summary>
    public long InputWithoutInjector => Interlocked.Read(ref _inputWithoutInjector);

    private long _inputWithoutInjector;

    /// <summary>Whether the viewer's input channel is open (messages sent to it arrive).</summary>
    public bool HasInputChannel(string viewerId) => _inputChannels.ContainsKey(viewerId);

    /// <summary>Sends a message on a viewer's input channel (router replies: pong, role, error).</summary>
    public void SendToViewer(string viewerId, ReadOnlyMemory<byte> utf8Json)
    {
        if (_viewers.TryGetValue(viewerId, out var viewer))
        {
            _ = viewer.Session.SendDataAsync(new DataChannelMessage(InputChannel, utf8Json, IsBinary: false), CancellationToken.None).AsTask();
        }
    }

    private ViewerRole RoleFor(ViewerAccess access)
    {
        if (access.Role == ViewerRole.Control)
        {
            return ViewerRole.Control;
        }

        // Without a configured control token, the first viewer gets control.
        return !tokens.HasControlToken && Interlocked.CompareExchange(ref _controlAssigned, 1, 0) == 0 ? ViewerRole.Control : ViewerRole.View;
    }

    /// <summary>Closes a viewer once, however many callers race to close it; every step runs even if an earlier one fails.</summary>
    private async ValueTask CloseViewerAsync(Viewer viewer)
    {
        if (!viewer.MarkClosed(ex => Log.CloseFailed(logger, viewer.Id, ex)))
        {
            return;
        }

        _viewers.TryRemove(viewer.Id, out _);
        if (viewer.Role == ViewerRole.Control && !tokens.HasControlToken)
        {
            Volatile.Write(ref _controlAssigned, 0);
        }

        try
        {
            Volatile.Read(ref _input)?.OnViewerGone(viewer.Id);
            Volatile.Read(ref _display)?.OnViewerGone(viewer.Id, viewer.Role == ViewerRole.Control);
            Cursor.OnViewerGone(viewer.Id);
            _clipboardChannels.TryRemove(viewer.Id, out _);
            _inputChannels.TryRemove(viewer.Id, out _);
            Volatile.Read(ref _clipboard)?.OnViewerGone(viewer.Id);
            await viewer.Session.DisposeAsync().ConfigureAwait(false);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A transport failing to close one viewer must not affect the others.
        catch (Exception ex)
        {
            Log.CloseFailed(logger, viewer.Id, ex);
        }

        Log.ViewerLeft(logger, viewer.Id, _viewers.Count);
        if (_tiers is not null)
        {
            try
            {
                // the tiers regroup without it: a tier it leaves empty stops, a faster tier may follow the rest
                OnEstimatesChanged(null, 0);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): Regrouping the remaining viewers must not fail this viewer's close.
            catch (Exception ex)
            {
                Log.CloseFailed(logger, viewer.Id, ex);
            }
        }

        if (viewer.Joined)
        {
            // Only a viewer that was announced as joined is announced as gone (a rejected offer never joined).
            AnnounceCount();
        }
    }

    /// <summary>Tells the signaling plugins the viewer count; one that throws is logged, the others still hear it.</summary>
    private void AnnounceCount()
    {
        var count = ViewerCount;
        foreach (var handler in ViewerCountChanged?.GetInvocationList().Cast<EventHandler<int>>() ?? [])
        {
            try
            {
                handler(this, count);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A signaling plugin's bug must not fail a join or a leave.
            catch (Exception ex)
            {
                Log.CountObserverFailed(logger, ex);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ViewerJoined, LogLevel.Information, "Viewer {Id} joined as {Role} ({Count} viewers)")]
        public static partial void ViewerJoined(ILogger logger, string id, ViewerRole role, int count);

        [LoggerMessage(EventIds.EgressJoined, LogLevel.Information, "Egress session {Id} negotiated ({Count} sessions)")]
        public static partial void EgressJoined(ILogger logger, string id, int count);

        [LoggerMessage(EventIds.ViewerLeft, LogLevel.Information, "Viewer {Id} left ({Count} viewers)")]
        public static partial void ViewerLeft(ILogger logger, string id, int count);

        [LoggerMessage(EventIds.ChannelOpened, LogLevel.Debug, "Viewer {Id} opened data channel {Label}")]
        public static partial void ChannelOpened(ILogger logger, string id, string label);

        [LoggerMessage(EventIds.ViewerCloseFailed, LogLevel.Warning, "Closing viewer {Id} failed")]
        public static partial void CloseFailed(ILogger logger, string id, Exception exception);

        [LoggerMessage(EventIds.ViewerFailed, LogLevel.Error, "Viewer {Id} failed in {Callback}; closing it")]
        public static partial void ViewerFailed(ILogger logger, string id, string callback, Exception exception);

        [LoggerMessage(EventIds.ViewerCallbackFailed, LogLevel.Warning, "Session {Id} failed in {Callback} after its viewer had gone")]
        public static partial void CallbackFailed(ILogger logger, string id, string callback, Exception exception);

        [LoggerMessage(EventIds.ViewerTierChanging, LogLevel.Information, "Viewer {Id} moves from encoder tier {From} to {To} at its next keyframe (estimate {Estimate} b/s)")]
        public static partial void ViewerTierChanging(ILogger logger, string id, int from, int to, long estimate);

        [LoggerMessage(EventIds.CountObserverFailed, LogLevel.Warning, "A viewer count observer failed")]
        public static partial void CountObserverFailed(ILogger logger, Exception exception);
    }
}
