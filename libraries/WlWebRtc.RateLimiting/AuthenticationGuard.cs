using System.Collections.Concurrent;

namespace WlWebRtc.RateLimiting;

/// <summary>
/// Limits token guessing on an endpoint. Before a presented token is checked, <see cref="TryBegin"/> asks whether
/// the address may try: an address that failed <see cref="AuthenticationLimits.FailuresPerAddress"/> times is locked
/// out for a period that doubles with each lockout (capped), and addresses that have not authenticated recently
/// share a global budget of checks, so that rotating source addresses does not multiply the guessing rate. A
/// successful check clears the address's failures, gives the budget its check back and lets that address pass the
/// global budget from then on (a viewer is not locked out by someone else's flood). Thread-safe; its tables are
/// bounded (an address gets an entry only after it was allowed to try, which the global budget limits).
/// </summary>
public sealed class AuthenticationGuard
{
    private const int PruneAbove = 4096;
    private const int MaxTrusted = 1024;

    private readonly AuthenticationLimits _limits;
    private readonly TimeProvider _time;
    private readonly TokenBucket _global;
    private readonly ConcurrentDictionary<string, AddressRecord> _addresses = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> _trusted = new(StringComparer.Ordinal);

    public AuthenticationGuard(AuthenticationLimits limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(time);
        _limits = limits;
        _time = time;
        _global = new TokenBucket(limits.GlobalAttemptsPerSecond, limits.GlobalBurst, time);
    }

    /// <summary>Addresses with failures or a lockout on record.</summary>
    public int TrackedAddresses => _addresses.Count;

    /// <summary>
    /// Whether <paramref name="client"/> may present a token now. When it may not, <paramref name="retryAfter"/> says
    /// when to try again and <paramref name="reason"/> why; the token must then not be checked at all.
    /// Every true must be followed by <see cref="Succeeded"/> or <see cref="Failed"/>.
    /// </summary>
    public bool TryBegin(string client, out TimeSpan retryAfter, out string reason)
    {
        ArgumentNullException.ThrowIfNull(client);
        var now = _time.GetTimestamp();
        if (_addresses.TryGetValue(client, out var record))
        {
            var locked = record.LockedFor(now, _time);
            if (locked > TimeSpan.Zero)
            {
                retryAfter = locked;
                reason = "too many failed authentications from this address";
                return false;
            }
        }

        if (!_trusted.ContainsKey(client) && !_global.TryTake())
        {
            retryAfter = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(1 / _limits.GlobalAttemptsPerSecond)));
            reason = "too many failed authentications on this server";
            return false;
        }

        retryAfter = TimeSpan.Zero;
        reason = string.Empty;
        return true;
    }

    /// <summary>The token was wrong: counts the failure and locks the address out once it has too many.</summary>
    /// <returns>The lockout that starts now, or zero.</returns>
    public TimeSpan Failed(string client)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (_addresses.Count > PruneAbove)
        {
            Prune();
        }

        var now = _time.GetTimestamp();
        var record = _addresses.GetOrAdd(client, _ => new AddressRecord());
        return record.Fail(now, _limits, _time);
    }

    /// <summary>The token was right: forgets the address's failures, returns the check to the budget and trusts the address.</summary>
    public void Succeeded(string client)
    {
        ArgumentNullException.ThrowIfNull(client);
        _addresses.TryRemove(client, out _);
        var now = _time.GetTimestamp();
        if (_trusted.TryAdd(client, now))
        {
            _global.Return();
            if (_trusted.Count > MaxTrusted)
            {
                ForgetOldestTrusted();
            }
        }
        else
        {
            _trusted[client] = now;
        }
    }

    private void ForgetOldestTrusted()
    {
        var oldest = _trusted.MinBy(t => t.Value);
        _trusted.TryRemove(oldest.Key, out _);
    }

    private void Prune()
    {
        var now = _time.GetTimestamp();
        foreach (var (client, record) in _addresses)
        {
            if (record.IsStale(now, _limits, _time))
            {
                _addresses.TryRemove(client, out _);
            }
        }
    }

    /// <summary>One address's failures and lockouts.</summary>
    private sealed class AddressRecord
    {
        private readonly Lock _lock = new();
        private int _failures;
        private int _lockouts;
        private long _lastFailure;
        private long _lockedUntil;

        public TimeSpan LockedFor(long now, TimeProvider time)
        {
            lock (_lock)
            {
                return _lockouts == 0 || now >= _lockedUntil ? TimeSpan.Zero : time.GetElapsedTime(now, _lockedUntil);
            }
        }

        public TimeSpan Fail(long now, AuthenticationLimits limits, TimeProvider time)
        {
            lock (_lock)
            {
                if (_failures > 0 && time.GetElapsedTime(_lastFailure, now) > limits.FailureMemory)
                {
                    _failures = 0;
                }

                _lastFailure = now;
                _failures++;
                if (_failures < limits.FailuresPerAddress)
                {
                    return TimeSpan.Zero;
                }

                // 2^lockouts times the first lockout, without overflowing for a long-running attacker.
                var factor = Math.Pow(2, Math.Min(_lockouts, 30));
                var lockout = TimeSpan.FromTicks((long)Math.Min(limits.FirstLockout.Ticks * factor, limits.MaxLockout.Ticks));
                _lockouts++;
                _failures = 0;
                _lockedUntil = now + (long)(lockout.TotalSeconds * time.TimestampFrequency);
                return lockout;
            }
        }

        public bool IsStale(long now, AuthenticationLimits limits, TimeProvider time)
        {
            lock (_lock)
            {
                var idle = time.GetElapsedTime(_lastFailure, now);
                return now >= _lockedUntil && idle > limits.FailureMemory && idle > limits.MaxLockout;
            }
        }
    }
}
