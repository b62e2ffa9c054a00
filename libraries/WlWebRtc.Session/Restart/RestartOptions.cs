using WlWebRtc.Configuration;

namespace WlWebRtc.Session.Restart;

/// <summary>How a headless session that died is restarted.</summary>
/// <param name="InitialDelay">The wait before the first restart; it doubles with each restart in a row.</param>
/// <param name="MaxDelay">The longest wait between restarts.</param>
/// <param name="StableAfter">A session that ran this long counts as healthy: the next failure starts again at <paramref name="InitialDelay"/>.</param>
/// <param name="MaxRestarts">Restarts in a row (without a healthy run between them) before the server gives up; 0 = never give up.</param>
public sealed record RestartOptions(TimeSpan InitialDelay, TimeSpan MaxDelay, TimeSpan StableAfter, int MaxRestarts)
{
    public static RestartOptions Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(60), 10);

    internal static RestartOptions Read(SettingsReader reader)
    {
        var defaults = Default;
        var initial = reader.ReadDouble("restart_delay_seconds", defaults.InitialDelay.TotalSeconds, 0, 3600);
        var max = reader.ReadDouble("max_restart_delay_seconds", defaults.MaxDelay.TotalSeconds, 0, 3600);
        if (initial > max)
        {
            reader.AddError("restart_delay_seconds", $"must not exceed session.max_restart_delay_seconds ({max}), got {initial}");
        }

        var stable = reader.ReadDouble("stable_after_seconds", defaults.StableAfter.TotalSeconds, 1, 86400);
        var maxRestarts = reader.ReadInt32("max_restarts", defaults.MaxRestarts, 0, 1_000_000);
        return new RestartOptions(TimeSpan.FromSeconds(initial), TimeSpan.FromSeconds(max), TimeSpan.FromSeconds(stable), maxRestarts);
    }
}
