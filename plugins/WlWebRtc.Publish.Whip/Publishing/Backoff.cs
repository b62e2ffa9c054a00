namespace WlWebRtc.Publish.Whip.Publishing;

/// <summary>Exponential backoff: <c>min × 2^attempt</c>, at most <c>max</c>; a Retry-After from the endpoint lengthens it (never beyond max).</summary>
internal static class Backoff
{
    public static TimeSpan Delay(int attempt, TimeSpan min, TimeSpan max, TimeSpan? retryAfter = null)
    {
        var factor = Math.Pow(2, Math.Clamp(attempt, 0, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(min.Ticks * factor, max.Ticks));
        if (retryAfter is { } asked && asked > delay)
        {
            delay = asked < max ? asked : max;
        }

        return delay;
    }
}
