using WlWebRtc.Host.Streaming.Degradation;

namespace WlWebRtc.Host.Streaming.Tiers;

/// <summary>
/// Puts viewers on different links into encoder tiers, so that a slow viewer does not drag a fast one down: tier 0
/// holds the fastest viewer and every viewer whose bandwidth estimate is at least <see cref="DegradationOptions.TierSplit"/>
/// of the fastest one's; tier 1 the viewers below that down to the split squared; and so on up to
/// <see cref="DegradationOptions.MaxTiers"/> − 1, which takes everyone slower. Each tier's encoder then aims at the
/// lowest estimate within the tier. A viewer moves down at once (its link is overfilled now), and up only once its
/// estimate reaches <see cref="DegradationOptions.TierRejoin"/> of the faster tier's lower bound and
/// <see cref="DegradationOptions.RestoreHold"/> has passed since it last moved (estimates wobble; every move costs a
/// keyframe). Not thread-safe.
/// </summary>
internal sealed class TierGrouping(DegradationOptions options, TimeProvider time)
{
    private readonly Dictionary<string, (int Tier, long Moved)> _placed = new(StringComparer.Ordinal);

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
            var (tier, moved) = _placed.TryGetValue(id, out var placed) ? placed : (0, now);
            var before = tier;
            while (tier < options.MaxTiers - 1 && estimate < fastest * Math.Pow(options.TierSplit, tier + 1))
            {
                tier++;
            }

            if (tier == before)
            {
                while (tier > 0 && estimate >= fastest * options.TierRejoin * Math.Pow(options.TierSplit, tier)
                    && time.GetElapsedTime(moved, now) >= options.RestoreHold)
                {
                    tier--;
                }
            }

            // the fastest viewer is tier 0 by definition, whatever its history
            tier = estimate >= fastest ? 0 : tier;
            _placed[id] = (tier, tier == before ? moved : now);
            result[id] = tier;
        }

        return result;
    }
}
