using Microsoft.Extensions.Logging;
using WlWebRtc.Signaling.WebSocket.Limits;
using WlWebRtc.Signaling.WebSocket.Protocol;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>
/// One viewer's signaling conversation (PROTOCOL.md): authenticates it, turns its offer into a viewer session,
/// relays its trickled candidates, tells it its role and the number of viewers, and ends the viewer when the
/// socket goes. A bad message gets an <c>error</c> and the session goes on.
/// </summary>
// _lifetime is disposed when RunAsync ends; the session lives exactly as long as that call.
#pragma warning disable CA1001
internal sealed partial class SignalingSession(
    ISignalingChannel channel, SessionEnvironment environment, string client, ViewerAccess? access, SessionTicket? ticket = null)
#pragma warning restore CA1001
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ErrorInterval = TimeSpan.FromSeconds(1);

    /// <summary>How long a peer has to answer the server's close frame before its socket is dropped.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _lifetime = new();
    private ViewerAccess? _access = access;
    private IViewerConnection? _viewer;
    private CancellationTokenRegistration _viewerClosed;
    private IDisposable? _trickle;
    private IDisposable? _restartRequests;
    private readonly Lock _trickleLock = new();
    private Task _trickleSends = Task.CompletedTask;
    private long _lastRateError = long.MinValue;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        // Ends when the socket goes (cancellationToken) or, a moment after the close frame, when the server stops.
        using var run = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = run.Token;
        environment.Roster.Join(this);
        using var stopping = environment.Stopping.Register(() => _ = CloseForStopAsync(run));
        try
        {
            await SendAsync(ServerMessages.Hello(_access is not null), token).ConfigureAwait(false);
            if (_access is null)
            {
                _access = await AuthenticateAsync(token).ConfigureAwait(false);
                if (_access is null)
                {
                    return;
                }

                if (ticket is not null && !ticket.TryPromote())
                {
                    Log.SessionsFull(environment.Logger, client, environment.Options.MaxSessions);
                    await SendErrorAsync(ErrorCodes.ServerFull, $"the server already has {environment.Options.MaxSessions} signaling sessions (signaling.websocket.max_sessions); try again later", token).ConfigureAwait(false);
                    await channel.CloseAsync(CloseCodes.TryAgainLater, "server full", token).ConfigureAwait(false);
                    return;
                }
            }

            await SendAsync(ServerMessages.Ready(environment.Gateway.GetIceServers()), token).ConfigureAwait(false);
            await SendAsync(ServerMessages.Viewers(environment.Roster.ViewerCount), token).ConfigureAwait(false);
            while (!token.IsCancellationRequested)
            {
                var message = await channel.ReceiveAsync(token).ConfigureAwait(false);
                if (message.Kind == ChannelMessageKind.Closed)
                {
                    return;
                }

                await HandleAsync(message, token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // the server is stopping or the client went away
        }
        finally
        {
            await _lifetime.CancelAsync().ConfigureAwait(false);
            await CloseViewerAsync().ConfigureAwait(false);
            environment.Roster.Leave(this);
            _lifetime.Dispose();
        }
    }

    /// <summary>Sends the <c>viewers</c> event (from the roster, on any thread).</summary>
    public void NotifyViewerCount(int count)
    {
        if (_access is not null)
        {
            SendQuietly(ServerMessages.Viewers(count));
        }
    }

    /// <summary>
    /// The server is stopping: the peer gets a close frame (1001), which ends its receive loop when it answers;
    /// a peer that does not answer within <see cref="CloseGrace"/> is cut off, so that the stop never waits on it.
    /// </summary>
    private async Task CloseForStopAsync(CancellationTokenSource run)
    {
        try
        {
            using var grace = new CancellationTokenSource(CloseGrace, environment.Time);
            await channel.CloseAsync(CloseCodes.GoingAway, "server stopping", grace.Token).ConfigureAwait(false);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a socket that cannot take the close frame is cut off below all the same
        catch (Exception ex)
        {
            Log.EventLost(environment.Logger, client, ex.Message);
        }

        try
        {
            run.CancelAfter(CloseGrace);
        }
        catch (ObjectDisposedException)
        {
            // the session already ended
        }
    }

    private async Task<ViewerAccess?> AuthenticateAsync(CancellationToken cancellationToken)
    {
        // The receive is never cancelled for the deadline: cancelling a WebSocket receive aborts the socket (a TCP
        // reset); the deadline sends the documented close frame instead, while the receive waits for the answer.
        var receive = channel.ReceiveAsync(cancellationToken).AsTask();
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            var expired = Task.Delay(environment.Options.AuthTimeout, environment.Time, deadline.Token);
            var evicted = ticket?.Evicted ?? Task.Delay(Timeout.Infinite, deadline.Token);
            var winner = await Task.WhenAny(receive, expired, evicted).ConfigureAwait(false);
            if (winner == evicted && evicted.IsCompletedSuccessfully)
            {
                Log.Evicted(environment.Logger, client, environment.Options.MaxUnauthenticated);
                await RefuseAsync(CloseCodes.TryAgainLater, ErrorCodes.ServerFull, $"closed to make room: all {environment.Options.MaxUnauthenticated} slots for connections waiting for authentication are taken (signaling.websocket.max_unauthenticated) and this one waited longest; send auth in the first message", cancellationToken).ConfigureAwait(false);
                await AwaitPeerCloseAsync(receive).ConfigureAwait(false);
                return null;
            }

            if (winner == expired && expired.IsCompletedSuccessfully)
            {
                await RefuseAsync(CloseCodes.Unauthorized, ErrorCodes.Unauthorized, $"no token: send {{\"type\":\"auth\",\"token\":…}} within {environment.Options.AuthTimeout.TotalSeconds:0.#} s, or connect with ?token=", cancellationToken).ConfigureAwait(false);
                await AwaitPeerCloseAsync(receive).ConfigureAwait(false);
                return null;
            }

            await deadline.CancelAsync().ConfigureAwait(false);
        }

        var first = await receive.ConfigureAwait(false);
        if (first.Kind == ChannelMessageKind.Closed)
        {
            return null;
        }

        if (first.Kind != ChannelMessageKind.Text || !environment.RateLimiter.TryAcquire(client))
        {
            return await RefuseAsync("the first message must be {\"type\":\"auth\",\"token\":…}", cancellationToken).ConfigureAwait(false);
        }

        ClientMessage parsed;
        try
        {
            parsed = ClientMessageParser.Parse(first.Payload);
        }
        catch (ProtocolException ex)
        {
            return await RefuseAsync("the first message must be {\"type\":\"auth\",\"token\":…}: " + ex.Message, cancellationToken).ConfigureAwait(false);
        }

        if (parsed is not AuthMessage auth)
        {
            return await RefuseAsync("the first message must be {\"type\":\"auth\",\"token\":…}", cancellationToken).ConfigureAwait(false);
        }

        if (!environment.Authentication.TryBegin(client, out var retryAfter, out var why))
        {
            return await RefuseAsync(CloseCodes.TooManyFailures, ErrorCodes.RateLimited, $"{why}; retry in {Math.Ceiling(retryAfter.TotalSeconds):0} s", cancellationToken).ConfigureAwait(false);
        }

        var granted = environment.Gateway.Authenticate(auth.Token);
        if (granted is null)
        {
            var lockout = environment.Authentication.Failed(client);
            if (lockout > TimeSpan.Zero)
            {
                Log.LockedOut(environment.Logger, client, lockout.TotalSeconds);
            }

            return await RefuseAsync("the token is not valid", cancellationToken).ConfigureAwait(false);
        }

        environment.Authentication.Succeeded(client);
        return granted;
    }

    private Task<ViewerAccess?> RefuseAsync(string reason, CancellationToken cancellationToken) =>
        RefuseAsync(CloseCodes.Unauthorized, ErrorCodes.Unauthorized, reason, cancellationToken);

    private async Task<ViewerAccess?> RefuseAsync(int closeCode, string errorCode, string reason, CancellationToken cancellationToken)
    {
        Log.Unauthorized(environment.Logger, client, reason);
        await SendAsync(ServerMessages.Error(errorCode, reason), cancellationToken).ConfigureAwait(false);
        await channel.CloseAsync(closeCode, errorCode, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Waits (briefly) for the peer's answer to the server's close frame, so that the socket ends cleanly.</summary>
    private async Task AwaitPeerCloseAsync(Task<ChannelMessage> receive)
    {
        await Task.WhenAny(receive, Task.Delay(CloseGrace, environment.Time)).ConfigureAwait(false);
        if (!receive.IsCompleted)
        {
            // The socket is disposed once the session ends, which ends this receive; its outcome does not matter.
            _ = receive.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }
    }

    private async Task HandleAsync(ChannelMessage message, CancellationToken cancellationToken)
    {
        if (!environment.RateLimiter.TryAcquire(client))
        {
            // One error per second at most, so that a flood is not answered with a flood.
            var now = environment.Time.GetTimestamp();
            if (_lastRateError == long.MinValue || environment.Time.GetElapsedTime(_lastRateError, now) >= ErrorInterval)
            {
                _lastRateError = now;
                await SendErrorAsync(ErrorCodes.RateLimited, $"more than {environment.Options.RatePerSecond:0.#} messages per second; message dropped", cancellationToken).ConfigureAwait(false);
            }

            return;
        }

        switch (message.Kind)
        {
            case ChannelMessageKind.TooLarge:
                await SendErrorAsync(ErrorCodes.TooLarge, $"message of {message.Length} bytes is over the limit of {environment.Options.MaxMessageBytes} bytes", cancellationToken).ConfigureAwait(false);
                return;
            case ChannelMessageKind.Binary:
                await SendErrorAsync(ErrorCodes.BadMessage, "binary messages are not part of the protocol; send JSON text", cancellationToken).ConfigureAwait(false);
                return;
        }

        try
        {
            switch (ClientMessageParser.Parse(message.Payload))
            {
                case OfferMessage offer:
                    await HandleOfferAsync(offer, cancellationToken).ConfigureAwait(false);
                    break;
                case RestartIceMessage restart:
                    await HandleRestartAsync(restart, cancellationToken).ConfigureAwait(false);
                    break;
                case CandidateMessage candidate:
                    await HandleCandidateAsync(candidate, cancellationToken).ConfigureAwait(false);
                    break;
                case ByeMessage:
                    await HandleByeAsync(cancellationToken).ConfigureAwait(false);
                    break;
                case PingMessage ping:
                    await SendAsync(ServerMessages.Pong(ping.Id, environment.Time.GetUtcNow().ToUnixTimeMilliseconds()), cancellationToken).ConfigureAwait(false);
                    break;
                default:
                    throw new ProtocolException(ErrorCodes.BadMessage, "already authenticated");
            }
        }
        catch (ProtocolException ex)
        {
            Log.MessageRefused(environment.Logger, client, ex.Code, ex.Message);
            await SendErrorAsync(ex.Code, ex.Message, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HandleOfferAsync(OfferMessage offer, CancellationToken cancellationToken)
    {
        // A new offer replaces the viewer's session (the viewer reconnects or restarts).
        await CloseViewerAsync().ConfigureAwait(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        IViewerConnection viewer;
        try
        {
            viewer = await environment.Gateway.ConnectAsync(new SessionDescription(SdpType.Offer, offer.Sdp), _access!, timeout.Token).ConfigureAwait(false);
        }
        catch (SessionDescriptionException ex)
        {
            throw new ProtocolException(ErrorCodes.BadOffer, ex.Message);
        }
        catch (ViewerLimitException ex)
        {
            throw new ProtocolException(ErrorCodes.ServerFull, ex.Message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ProtocolException(ErrorCodes.Timeout, $"the server did not answer the offer within {ConnectTimeout.TotalSeconds:0} s");
        }
        catch (InvalidOperationException ex)
        {
            throw new ProtocolException(ErrorCodes.Unavailable, ex.Message);
        }

        _viewer = viewer;
        await SendAsync(ServerMessages.Answer(viewer.Id, viewer.Answer.Sdp), cancellationToken).ConfigureAwait(false);
        await SendAsync(ServerMessages.Role(viewer.Role), cancellationToken).ConfigureAwait(false);

        // The server's trickled candidates follow the answer, in order (the page adds each to its connection).
        _trickle = viewer.LocalCandidates?.SubscribeLocalCandidates(candidate => SendInOrder(ServerMessages.Candidate(candidate)));

        // The server's addresses changed: the viewer, the offerer, restarts ICE (it alone can make the re-offer).
        _restartRequests = (viewer.IceRestart as IIceRestartRequester)?.SubscribeIceRestartRequests(() => SendInOrder(ServerMessages.IceRestartNeeded()));
        _viewerClosed = viewer.Closed.Register(() => OnViewerClosed(viewer));
        Log.ViewerStarted(environment.Logger, client, viewer.Id, viewer.Role);
    }

    private async Task HandleRestartAsync(RestartIceMessage message, CancellationToken cancellationToken)
    {
        var viewer = _viewer ?? throw new ProtocolException(ErrorCodes.NoSession, "send an offer before an ICE restart");
        var restart = viewer.IceRestart ?? throw new ProtocolException(ErrorCodes.BadOffer, "this transport cannot restart ICE; send a new offer");
        SessionDescription answer;
        try
        {
            answer = await restart.RestartIceAsync(new SessionDescription(SdpType.Offer, message.Sdp), cancellationToken).ConfigureAwait(false);
        }
        catch (SessionDescriptionException ex)
        {
            throw new ProtocolException(ErrorCodes.BadOffer, "ICE restart refused: " + ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            throw new ProtocolException(ErrorCodes.NoSession, "ICE restart refused: " + ex.Message);
        }

        await SendAsync(ServerMessages.Answer(viewer.Id, answer.Sdp), cancellationToken).ConfigureAwait(false);
        Log.IceRestarted(environment.Logger, client, viewer.Id);
    }

    /// <summary>Sends trickled candidates one after another (the page must see end-of-candidates last).</summary>
    private void SendInOrder(byte[] message)
    {
        CancellationToken token;
        try
        {
            token = _lifetime.Token;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        lock (_trickleLock)
        {
            _trickleSends = SendAfterAsync(_trickleSends, message, token);
        }
    }

    private async Task SendAfterAsync(Task previous, byte[] message, CancellationToken cancellationToken)
    {
        await previous.ConfigureAwait(false); // never faults: SendQuietlyAsync contains its failures
        await SendQuietlyAsync(message, cancellationToken).ConfigureAwait(false);
    }

    private async Task HandleCandidateAsync(CandidateMessage message, CancellationToken cancellationToken)
    {
        var viewer = _viewer ?? throw new ProtocolException(ErrorCodes.NoSession, "send an offer before candidates");
        try
        {
            await viewer.AddRemoteCandidateAsync(message.Candidate, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is SessionDescriptionException or ArgumentException or FormatException)
        {
            throw new ProtocolException(ErrorCodes.BadMessage, "candidate refused: " + ex.Message);
        }
    }

    private async Task HandleByeAsync(CancellationToken cancellationToken)
    {
        await CloseViewerAsync().ConfigureAwait(false);
        await SendAsync(ServerMessages.Closed("bye"), cancellationToken).ConfigureAwait(false);
    }

    private void OnViewerClosed(IViewerConnection viewer)
    {
        if (Interlocked.CompareExchange(ref _viewer, null, viewer) != viewer)
        {
            return;
        }

        SendQuietly(ServerMessages.Closed("ended"));
    }

    private async Task CloseViewerAsync()
    {
        var viewer = Interlocked.Exchange(ref _viewer, null);
        if (viewer is null)
        {
            return;
        }

        await _viewerClosed.DisposeAsync().ConfigureAwait(false);
        Interlocked.Exchange(ref _trickle, null)?.Dispose();
        Interlocked.Exchange(ref _restartRequests, null)?.Dispose();
        try
        {
            await viewer.CloseAsync().ConfigureAwait(false);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): one viewer failing to close must not take the session (or the server) down
        catch (Exception ex)
        {
            Log.CloseFailed(environment.Logger, viewer.Id, ex);
        }
    }

    private ValueTask SendErrorAsync(string code, string message, CancellationToken cancellationToken) =>
        SendAsync(ServerMessages.Error(code, message), cancellationToken);

    private ValueTask SendAsync(byte[] message, CancellationToken cancellationToken) => channel.SendAsync(message, cancellationToken);

    private void SendQuietly(byte[] message)
    {
        CancellationToken token;
        try
        {
            token = _lifetime.Token;
        }
        catch (ObjectDisposedException)
        {
            return;
        }

        _ = SendQuietlyAsync(message, token);
    }

    private async Task SendQuietlyAsync(byte[] message, CancellationToken cancellationToken)
    {
        try
        {
            await channel.SendAsync(message, cancellationToken).ConfigureAwait(false);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): an event to a socket that is going away is simply lost
        catch (Exception ex)
        {
            Log.EventLost(environment.Logger, client, ex.Message);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1105, LogLevel.Warning, "WebSocket client {Client} is locked out for {Seconds:0} s after repeated wrong tokens")]
        public static partial void LockedOut(ILogger logger, string client, double seconds);

        [LoggerMessage(1107, LogLevel.Debug, "WebSocket client {Client} evicted before authenticating: a newer connection needed one of the {MaxPending} waiting slots")]
        public static partial void Evicted(ILogger logger, string client, int maxPending);

        [LoggerMessage(1106, LogLevel.Warning, "WebSocket viewer {Client} authenticated but refused: all {MaxSessions} session slots are taken (signaling.websocket.max_sessions)")]
        public static partial void SessionsFull(ILogger logger, string client, int maxSessions);

        [LoggerMessage(1100, LogLevel.Information, "WebSocket viewer {Client} refused: {Reason}")]
        public static partial void Unauthorized(ILogger logger, string client, string reason);

        [LoggerMessage(1101, LogLevel.Debug, "WebSocket message from {Client} refused ({Code}): {Reason}")]
        public static partial void MessageRefused(ILogger logger, string client, string code, string reason);

        [LoggerMessage(1102, LogLevel.Information, "WebSocket viewer {Client} started session {Id} as {Role}")]
        public static partial void ViewerStarted(ILogger logger, string client, string id, ViewerRole role);

        [LoggerMessage(1103, LogLevel.Warning, "Closing viewer {Id} failed")]
        public static partial void CloseFailed(ILogger logger, string id, Exception exception);

        [LoggerMessage(1108, LogLevel.Information, "WebSocket viewer {Client} restarted ICE on session {Id}")]
        public static partial void IceRestarted(ILogger logger, string client, string id);

        [LoggerMessage(1104, LogLevel.Debug, "An event to WebSocket viewer {Client} was lost: {Reason}")]
        public static partial void EventLost(ILogger logger, string client, string reason);
    }
}
