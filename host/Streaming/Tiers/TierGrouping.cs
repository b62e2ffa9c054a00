using WlWebRtc.Host.Streaming.Degradation;

namespace WlWebRtc.Host.Streaming.Tiers;

/// <summary>
/// Puts viewers on different links into encoder tiers, so that a slow viewer does not drag a fast one down: tier 0
/// holds the fastest viewer and every viewer whose bandwidth estimate is at least <see cref="DegradationOptions.TierSplit"/>
/// of the fastest one's; tier 1 the viewers below that down to the split squared; and so on up to
/// <see cref="DegradationOptions.MaxTiers"/> − 1, which takes everyone slower. Each tier's encoder then aims at the
/// lowest estimate within the tier. A viewer moves down at once (its link is overfilled now), and up only once its
/// estimate has stayed at <see cref="DegradationOptions.TierRejoin"/> of the faster tier's lower bound or above for
/// <see cref="DegradationOptions.RestoreHold"/>, and as long has passed since it last moved (estimates wobble: while the
/// fastest viewer's estimate ramps up or dips after an overuse, or a probe lifts the slow one's for a moment, the mark
/// is crossed for a second or two; a move on each crossing costs two moves and two keyframes for nothing). Not
/// thread-safe.
/// </summary>
internal sealed class TierGrouping(DegradationOptions options, TimeProvider time)
{
    private readonly Dictionary<string, Placement> _placed = new(StringComparer.Ordinal);

    /// <summary>The tier of each viewer for its estimate (bits per second; viewers without one are left out and forgotten).</summary>
    public IReadOnlyDictionary<string, int> Update(IReadOnlyDictionary<string, long> estimates)
    {
        ArgumentNullException.ThrowIfNull(estimates);
        foreach (var gone in _placed.Keys.Where(id => !estimates.ContainsKey(id)).ToArray())
        {
            _placed.Remove(gone);
        }

        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        if (estimates.Count == 0)
        {
            return result;
        }

        var fastest = (double)estimates.Values.Max();
        var now = time.GetTimestamp();
        foreach (var (id, estimate) in estimates)
        {
            var (tier, moved, rejoinSince) = _placed.TryGetValue(id, out var placed) ? placed : new Placement(0, now, null);
            var before = tier;
            while (tier < options.MaxTiers - 1 && estimate < fastest * Math.Pow(options.TierSplit, tier + 1))
            {
                tier++;
            }

            if (tier == before)
            {
                var canRejoin = tier > 0 && estimate >= fastest * options.TierRejoin * Math.Pow(options.TierSplit, tier);
                rejoinSince = canRejoin ? rejoinSince ?? now : null;
                while (tier > 0 && estimate >= fastest * options.TierRejoin * Math.Pow(options.TierSplit, tier)
                    && time.GetElapsedTime(moved, now) >= options.RestoreHold
                    && time.GetElapsedTime(rejoinSince!.Value, now) >= options.RestoreHold)
                {
                    tier--;
                }
            }

            // the fastest viewer is tier 0 by definition, whatever its history
            tier = estimate >= fastest ? 0 : tier;
            _placed[id] = tier == before ? new Placement(tier, moved, rejoinSince) : new Placement(tier, now, null);
            result[id] = tier;
        }

        return result;
    }

    /// <summary>A viewer's tier, when it last moved, and since when its estimate has been high enough to move up.</summary>
    private readonly record struct Placement(int Tier, long Moved, long? RejoinSince);
}
