namespace WlWebRtc.Session.Restart;

/// <summary>
/// When to restart a session that ended: exponential backoff from <see cref="RestartOptions.InitialDelay"/> up to
/// <see cref="RestartOptions.MaxDelay"/> over restarts in a row; a run of at least <see cref="RestartOptions.StableAfter"/>
/// resets the count; after <see cref="RestartOptions.MaxRestarts"/> restarts in a row it gives up (a session that
/// cannot start is a configuration or installation problem, and a service manager's restart limit should see it).
/// Pure logic: the caller measures how long the session ran and waits.
/// </summary>
internal sealed class RestartPolicy(RestartOptions options)
{
    /// <summary>Restarts in a row so far (since the last healthy run).</summary>
    public int RestartsInARow { get; private set; }

    /// <summary>The wait before restarting a session that ran for <paramref name="ranFor"/>, or null to give up.</summary>
    public TimeSpan? NextDelay(TimeSpan ranFor)
    {
        if (ranFor >= options.StableAfter)
        {
            RestartsInARow = 0;
        }

        if (options.MaxRestarts > 0 && RestartsInARow >= options.MaxRestarts)
        {
            return null;
        }

        var doublings = Math.Min(RestartsInARow, 30);
        RestartsInARow++;
        var delay = options.InitialDelay.Ticks * Math.Pow(2, doublings);
        return delay >= options.MaxDelay.Ticks ? options.MaxDelay : TimeSpan.FromTicks((long)delay);
    }
}
