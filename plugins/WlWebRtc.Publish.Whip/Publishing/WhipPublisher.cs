using Microsoft.Extensions.Logging;
using WlWebRtc.Publish.Whip.Http;
using WlWebRtc.Publish.Whip.Plugin;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Publish.Whip.Publishing;

/// <summary>
/// Keeps one session published at a WHIP endpoint: asks the endpoint for ICE servers, lets the gateway offer
/// (a view-only session, full ICE controlling), posts the offer, applies the answer; when the session is lost or an
/// attempt fails it DELETEs what it created and tries again after an exponential backoff (reset once a session held
/// for <see cref="StableAfter"/>). It reports every state change through <see cref="IViewerGateway.ReportEgress"/>.
/// <see cref="StopAsync"/> ends the loop and DELETEs the resource.
/// </summary>
internal sealed partial class WhipPublisher : IAsyncDisposable
{
    /// <summary>A session that lasted this long was not a flap: the next failure starts the backoff again from its minimum.</summary>
    public static readonly TimeSpan StableAfter = TimeSpan.FromSeconds(30);

    /// <summary>How long a DELETE may take.</summary>
    private static readonly TimeSpan DeleteTimeout = TimeSpan.FromSeconds(2);

    private readonly WhipClient _client;
    private readonly IViewerGateway _gateway;
    private readonly WhipPublishOptions _options;
    private readonly string _name;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _lock = new();
    private IReadOnlyList<IceServer> _linkServers = [];
    private Uri? _resource;
    private Task? _loop;
    private EgressStatus _status;

    public WhipPublisher(WhipClient client, IViewerGateway gateway, WhipPublishOptions options, string name, TimeProvider time, ILogger logger)
    {
        _client = client;
        _gateway = gateway;
        _options = options;
        _name = name;
        _time = time;
        _logger = logger;
        _status = new EgressStatus(name, options.Target, EgressState.Connecting, null, 0, null);
        gateway.ReportEgress(_status);
    }

    /// <summary>The last reported state.</summary>
    public EgressStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>How many attempts have failed or sessions been lost in a row (the backoff's exponent).</summary>
    public int Attempt { get; private set; }

    public void Start()
    {
        Log.Publishing(_logger, _options.Target);
        _loop = Task.Run(RunAsync);
    }

    /// <summary>Ends the loop and DELETEs the current resource; the session itself goes with the server's viewers.</summary>
    public async ValueTask StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop)
        {
            await loop.ConfigureAwait(false);
        }

        await DeleteResourceAsync().ConfigureAwait(false);
        Report(EgressState.Stopped, Status.Error, null);
        Log.Stopped(_logger, _options.Target);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _stop.Dispose();
    }

    private async Task RunAsync()
    {
        var stop = _stop.Token;
        var everConnected = false;
        while (!stop.IsCancellationRequested)
        {
            TimeSpan? retryAfter = null;
            try
            {
                var connection = await PublishOnceAsync(stop).ConfigureAwait(false);
                Report(EgressState.Connected, null, connection.Id, reconnected: everConnected || Attempt > 0);
                everConnected = true;
                Log.Connected(_logger, _options.Target, connection.Id);
                var since = _time.GetTimestamp();
                await WaitAsync(connection.Closed, stop).ConfigureAwait(false);
                if (stop.IsCancellationRequested)
                {
                    break;
                }

                Attempt = _time.GetElapsedTime(since) >= StableAfter ? 0 : Attempt;
                const string lost = "the session ended (ICE or DTLS failed, or the media server closed it)";
                Log.SessionLost(_logger, _options.Target, connection.Id);
                await DeleteResourceAsync().ConfigureAwait(false);
                Report(EgressState.Reconnecting, lost, null);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                break;
            }
            catch (WhipEndpointException e) when (e.IsRefusal)
            {
                Log.Refused(_logger, _options.Target, e.Message);
                retryAfter = e.RetryAfter;
                await DeleteResourceAsync().ConfigureAwait(false);
                Report(EgressState.Error, e.Message, null);
            }
            catch (WhipEndpointException e)
            {
                Log.AttemptFailed(_logger, _options.Target, e.Message, null);
                retryAfter = e.RetryAfter;
                Report(EgressState.Reconnecting, e.Message, null);
            }
            catch (SessionDescriptionException e)
            {
                var message = "the endpoint's answer is unusable: " + e.Message;
                Log.AttemptFailed(_logger, _options.Target, message, null);
                await DeleteResourceAsync().ConfigureAwait(false);
                Report(EgressState.Reconnecting, message, null);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): whatever one attempt throws (a transport failure, a bug), the publisher tries again later and the server goes on serving its direct viewers.
            catch (Exception e)
            {
                Log.AttemptFailed(_logger, _options.Target, e.Message, e);
                await DeleteResourceAsync().ConfigureAwait(false);
                Report(EgressState.Reconnecting, e.Message, null);
            }

            var delay = Backoff.Delay(Attempt, _options.RetryMin, _options.RetryMax, retryAfter);
            Attempt = Math.Min(Attempt + 1, 30);
            Log.Retrying(_logger, _options.Target, delay.TotalSeconds);
            try
            {
                await Task.Delay(delay, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    /// <summary>One attempt: ICE servers (the last answer's Link headers, else OPTIONS), offer, POST, answer.</summary>
    private async Task<IViewerConnection> PublishOnceAsync(CancellationToken stop)
    {
        var servers = _linkServers;
        if (servers.Count == 0)
        {
            servers = await _client.QueryIceServersAsync(stop).ConfigureAwait(false);
            if (servers.Count > 0)
            {
                Log.IceServersFromLinks(_logger, servers.Count);
            }
        }

        return await _gateway.PublishAsync(async (offer, token) =>
        {
            var resource = await _client.PublishAsync(offer.Sdp, token).ConfigureAwait(false);
            lock (_lock)
            {
                _resource = resource.Location;
            }

            if (resource.IceServers.Count > 0)
            {
                _linkServers = resource.IceServers;
            }

            return new SessionDescription(SdpType.Answer, resource.AnswerSdp);
        }, servers, _options.IceTransportPolicy, stop).ConfigureAwait(false);
    }

    private static async Task WaitAsync(CancellationToken closed, CancellationToken stop)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(closed, stop);
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = either.Token.Register(() => done.TrySetResult());
        await done.Task.ConfigureAwait(false);
    }

    /// <summary>DELETEs the current resource if there is one; a failure is logged (the endpoint times it out by itself).</summary>
    private async Task DeleteResourceAsync()
    {
        Uri? resource;
        lock (_lock)
        {
            resource = _resource;
            _resource = null;
        }

        if (resource is null)
        {
            return;
        }

        using var timeout = new CancellationTokenSource(DeleteTimeout);
        try
        {
            await _client.DeleteAsync(resource, timeout.Token).ConfigureAwait(false);
            Log.Deleted(_logger, resource.GetLeftPart(UriPartial.Path));
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a DELETE that fails (endpoint down, timeout) must not stop the publisher or the server's stop; the endpoint drops the session when its ICE consent ends.
        catch (Exception e)
        {
            Log.DeleteFailed(_logger, resource.GetLeftPart(UriPartial.Path), e.Message);
        }
    }

    private void Report(EgressState state, string? error, string? viewerId, bool reconnected = false)
    {
        EgressStatus status;
        lock (_lock)
        {
            _status = status = _status with { State = state, Error = error ?? (state == EgressState.Connected ? null : _status.Error), ViewerId = viewerId, Reconnects = _status.Reconnects + (reconnected ? 1 : 0) };
        }

        _gateway.ReportEgress(status);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.Publishing, LogLevel.Information, "Publishing the stream over WHIP to {Target}")]
        public static partial void Publishing(ILogger logger, string target);

        [LoggerMessage(EventIds.Connected, LogLevel.Information, "WHIP: published to {Target} (session {Id})")]
        public static partial void Connected(ILogger logger, string target, string id);

        [LoggerMessage(EventIds.SessionLost, LogLevel.Warning, "WHIP: the session {Id} to {Target} ended; publishing again")]
        public static partial void SessionLost(ILogger logger, string target, string id);

        [LoggerMessage(EventIds.Refused, LogLevel.Error, "WHIP: {Target} refused the publisher: {Reason}")]
        public static partial void Refused(ILogger logger, string target, string reason);

        [LoggerMessage(EventIds.AttemptFailed, LogLevel.Warning, "WHIP: publishing to {Target} failed: {Reason}")]
        public static partial void AttemptFailed(ILogger logger, string target, string reason, Exception? exception);

        [LoggerMessage(EventIds.Retrying, LogLevel.Information, "WHIP: trying {Target} again in {Seconds} s")]
        public static partial void Retrying(ILogger logger, string target, double seconds);

        [LoggerMessage(EventIds.Deleted, LogLevel.Information, "WHIP: deleted {Resource}")]
        public static partial void Deleted(ILogger logger, string resource);

        [LoggerMessage(EventIds.DeleteFailed, LogLevel.Warning, "WHIP: deleting {Resource} failed: {Reason}")]
        public static partial void DeleteFailed(ILogger logger, string resource, string reason);

        [LoggerMessage(EventIds.Stopped, LogLevel.Information, "WHIP: stopped publishing to {Target}")]
        public static partial void Stopped(ILogger logger, string target);

        [LoggerMessage(EventIds.IceServersFromLinks, LogLevel.Information, "WHIP: the endpoint names {Count} ICE servers in its Link headers")]
        public static partial void IceServersFromLinks(ILogger logger, int count);
    }
}
