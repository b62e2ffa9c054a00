using System.Net;
using Microsoft.Extensions.Logging;

namespace WlWebRtc.Transport.WebRtc.AddressWatch;

/// <summary>The local addresses before and after a change: what to bind and what to close.</summary>
/// <param name="Added">Addresses that are new.</param>
/// <param name="Removed">Addresses that are gone.</param>
/// <param name="Current">The whole set now.</param>
internal sealed record LocalAddressChange(IReadOnlyList<IPAddress> Added, IReadOnlyList<IPAddress> Removed, IReadOnlyList<IPAddress> Current);

/// <summary>
/// Re-reads the local addresses when the machine's interfaces change and hands the difference to the transport.
/// Signals come from rtnetlink (<see cref="NetlinkAddressSource"/>) or, where netlink cannot be opened, from a poll every
/// <see cref="PollInterval"/>. They are debounced (<see cref="Debounce"/>: one change, such as an address moving, is
/// several notifications, and IPv6 addresses go through duplicate address detection) and then the addresses are read
/// again through <c>resolve</c>, which applies the same interface rules as the start; only a different set is applied.
/// A failure to read or to apply is logged and contained: the watch goes on and the next signal tries again.
/// </summary>
internal sealed partial class LocalAddressWatcher : IDisposable
{
    /// <summary>Quiet time after the last signal before the addresses are read again.</summary>
    public static readonly TimeSpan Debounce = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the addresses are read when netlink is unavailable.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);

    private readonly Func<IReadOnlyList<IPAddress>> _resolve;
    private readonly Func<LocalAddressChange, IReadOnlyCollection<IPAddress>> _apply;
    private readonly ILogger _logger;
    private readonly ITimer _debounce;
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private IReadOnlyList<IPAddress> _current;
    private ITimer? _poll;
    private NetlinkAddressSource? _netlink;
    private bool _disposed;

    /// <param name="initial">The addresses the transport started with.</param>
    /// <param name="resolve">Reads the addresses now (the start's rules).</param>
    /// <param name="apply">
    /// Binds and closes sockets and tells the sessions; runs on a timer thread, one call at a time. Returns the added
    /// addresses it could not use yet (they count as absent, so the next signal tries them again).
    /// </param>
    /// <param name="time">The clock (tests drive the debounce and the poll with a manual one).</param>
    /// <param name="logger">Where changes and failures are logged.</param>
    public LocalAddressWatcher(IReadOnlyList<IPAddress> initial, Func<IReadOnlyList<IPAddress>> resolve, Func<LocalAddressChange, IReadOnlyCollection<IPAddress>> apply, TimeProvider time, ILogger logger)
    {
        _current = initial;
        _resolve = resolve;
        _apply = apply;
        _time = time;
        _logger = logger;
        _debounce = time.CreateTimer(_ => Reread(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Whether addresses are polled (netlink unavailable or failed) rather than notified.</summary>
    public bool Polling => Volatile.Read(ref _poll) is not null;

    /// <summary>The addresses as last applied.</summary>
    public IReadOnlyList<IPAddress> Current
    {
        get
        {
            lock (_lock)
            {
                return _current;
            }
        }
    }

    /// <summary>Starts listening to rtnetlink, or polling when it cannot be opened.</summary>
    public void Start()
    {
        var netlink = NetlinkAddressSource.TryOpen(OnNetlinkEvents, StartPolling, _logger, out var error);
        lock (_lock)
        {
            if (_disposed)
            {
                netlink?.Dispose();
                return;
            }

            _netlink = netlink;
        }

        if (netlink is null)
        {
            Log.NetlinkUnavailable(_logger, error ?? "unknown", PollInterval.TotalSeconds);
            StartPolling();
        }
    }

    /// <summary>Polls instead of (or after a failure of) netlink.</summary>
    public void StartPolling()
    {
        lock (_lock)
        {
            if (_disposed || _poll is not null)
            {
                return;
            }

            _poll = _time.CreateTimer(_ => Signal(), null, PollInterval, PollInterval);
        }
    }

    /// <summary>Something may have changed: (re)arms the debounce.</summary>
    public void Signal()
    {
        lock (_lock)
        {
            if (!_disposed)
            {
                _debounce.Change(Debounce, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Notifications from the kernel: each is logged at debug, and any of them re-reads the addresses.</summary>
    internal void OnNetlinkEvents(IReadOnlyList<NetlinkEvent> events)
    {
        foreach (var e in events)
        {
            Log.Notified(_logger, e);
        }

        Signal();
    }

    public void Dispose()
    {
        NetlinkAddressSource? netlink;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            netlink = _netlink;
            _debounce.Dispose();
            _poll?.Dispose();
        }

        netlink?.Dispose();
    }

    private void Reread()
    {
        // One re-read at a time (a timer callback may overlap the next one), and none after disposal.
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            IReadOnlyList<IPAddress> now;
            try
            {
                now = _resolve();
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): reading the interfaces can fail in many ways (a NIC vanishing mid-read); the next signal tries again
            catch (Exception e)
            {
                Log.ReadFailed(_logger, e);
                return;
            }

            var added = now.Where(a => !_current.Contains(a)).ToArray();
            var removed = _current.Where(a => !now.Contains(a)).ToArray();
            if (added.Length == 0 && removed.Length == 0)
            {
                return;
            }

            var change = new LocalAddressChange(added, removed, now);
            if (_logger.IsEnabled(LogLevel.Information))
            {
                var addedText = string.Join(", ", added.Select(a => a.ToString()));
                var removedText = string.Join(", ", removed.Select(a => a.ToString()));
                var currentText = string.Join(", ", now.Select(a => a.ToString()));
                Log.Changed(_logger, addedText, removedText, currentText);
            }
            IReadOnlyCollection<IPAddress> unusable = [];
            try
            {
                unusable = _apply(change);
            }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a failure to rebind must not end the watch; the sessions keep what they have
            catch (Exception e)
            {
                Log.ApplyFailed(_logger, e);
            }

            _current = unusable.Count == 0 ? now : [.. now.Where(a => !unusable.Contains(a))];
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.LocalAddressesChanged, Level = LogLevel.Information, Message = "WebRTC local addresses changed: added [{Added}], removed [{Removed}]; now [{Current}]")]
        public static partial void Changed(ILogger logger, string added, string removed, string current);

        [LoggerMessage(EventId = EventIds.AddressNotification, Level = LogLevel.Debug, Message = "Netlink: {Event}")]
        public static partial void Notified(ILogger logger, NetlinkEvent @event);

        [LoggerMessage(EventId = EventIds.NetlinkUnavailable, Level = LogLevel.Information, Message = "Netlink address notifications unavailable ({Reason}); polling the addresses every {Seconds} s")]
        public static partial void NetlinkUnavailable(ILogger logger, string reason, double seconds);

        [LoggerMessage(EventId = EventIds.LocalAddressesReadFailed, Level = LogLevel.Warning, Message = "Reading the local addresses after a change failed; the next change tries again")]
        public static partial void ReadFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = EventIds.LocalAddressesApplyFailed, Level = LogLevel.Error, Message = "Applying a local address change failed; sessions keep their current addresses")]
        public static partial void ApplyFailed(ILogger logger, Exception exception);
    }
}
