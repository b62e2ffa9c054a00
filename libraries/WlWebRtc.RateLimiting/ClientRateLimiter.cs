using System.Collections.Concurrent;

namespace WlWebRtc.RateLimiting;

/// <summary>
/// One token bucket per client address. Idle buckets (full again) are evicted when the table grows, so a flood
/// of addresses cannot grow it without bound.
/// </summary>
public sealed class ClientRateLimiter(double ratePerSecond, double burst, TimeProvider time)
{
    private const int PruneAbove = 4096;
    private readonly ConcurrentDictionary<string, TokenBucket> _buckets = new(StringComparer.Ordinal);

    public int TrackedClients => _buckets.Count;

    public bool TryAcquire(string client)
    {
        if (_buckets.Count > PruneAbove)
        {
            Prune();
        }

        return _buckets.GetOrAdd(client, _ => new TokenBucket(ratePerSecond, burst, time)).TryTake();
    }

    private void Prune()
    {
        // A bucket idle for long enough to be full again carries no state worth keeping.
        var idle = TimeSpan.FromSeconds(burst / Math.Max(ratePerSecond, 0.001));
        foreach (var (client, bucket) in _buckets)
        {
            if (time.GetElapsedTime(bucket.LastUsed) > idle)
            {
                _buckets.TryRemove(client, out _);
            }
        }
    }
}
