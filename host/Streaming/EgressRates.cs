namespace WlWebRtc.Host.Streaming;

/// <summary>
/// An egress's send bitrate from its session's byte counter, between two status readings at least half a second
/// apart (closer readings get the last figure: a scrape asks several instruments at once).
/// </summary>
internal sealed class EgressRates(TimeProvider time)
{
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(500);

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (string? Session, long Bytes, long At, long Rate)> _last = new(StringComparer.Ordinal);

    public long BitsPerSecond(string egress, string? session, long bytes)
    {
        lock (_lock)
        {
            var now = time.GetTimestamp();
            if (!_last.TryGetValue(egress, out var last) || last.Session != session || bytes < last.Bytes)
            {
                _last[egress] = (session, bytes, now, 0);
                return 0;
            }

            var elapsed = time.GetElapsedTime(last.At, now);
            if (elapsed < MinInterval)
            {
                return last.Rate;
            }

            var rate = (long)((bytes - last.Bytes) * 8 / elapsed.TotalSeconds);
            _last[egress] = (session, bytes, now, rate);
            return rate;
        }
    }
}
