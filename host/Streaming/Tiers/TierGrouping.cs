using WlWebRtc.Host.Streaming.Degradation;

namespace WlWebRtc.Host.Streaming.Tiers;

/// <summary>
/// Puts viewers on different links into encoder tiers, so that a slow viewer does not drag a fast one down: tier 0
/// holds the fastest viewer and every viewer whose bandwidth estimate is at least <see cref="DegradationOptions.TierSplit"/>
/// of the fastest one's; tier 1 the viewers below that down to the split squared; and so on up to
/// <see cref="DegradationOptions.MaxTiers"/> − 1, which takes everyone slower. Each tier's encoder then aims at the
/// lowest estimate within the tier.
/// <para>
/// A viewer moves down at once when it would drag a faster viewer of its tier down (its link is overfilled now); alone
/// at the top of its tier it stays, as its tier's encoder follows its estimate anyway. It moves up only once its
/// estimate has stayed at <see cref="DegradationOptions.TierRejoin"/> of the faster tier's lower bound or above for
/// <see cref="DegradationOptions.RestoreHold"/>, and as long has passed since it last moved, or at once when every
/// faster tier is empty (its viewers left). Estimates wobble: while the fastest viewer's estimate ramps up or dips
/// after an overuse (at the start even below the slow one's), or a probe lifts the slow one's for a moment, the marks
/// are crossed for a second or two; a move on each crossing costs two moves and two keyframes for nothing (seen end
/// to end: the fast viewer's estimate dipped under the slow one's for 0.7 s and the two swapped tiers and back).
/// </para>
/// Not thread-safe.
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

        // Every viewer is judged against where the others were before this update (a new viewer starts in tier 0).
        var before = estimates.Keys.ToDictionary(id => id, id => _placed.TryGetValue(id, out var p) ? p.Tier : 0, StringComparer.Ordinal);
        foreach (var (id, estimate) in estimates)
        {
            var (tier, moved, rejoinSince) = _placed.TryGetValue(id, out var placed) ? placed : new Placement(0, now, null);
            var current = tier;
            var natural = 0;
            while (natural < options.MaxTiers - 1 && estimate < fastest * Math.Pow(options.TierSplit, natural + 1))
            {
                natural++;
            }

            if (natural > tier)
            {
                tier = DragsDown(id, estimate, tier, estimates, before) ? natural : tier;
                rejoinSince = null;
            }
            else if (natural < tier && !before.Any(other => other.Key != id && other.Value < current))
            {
                // every faster tier is empty (its viewers left): nobody to drag down, and no reason to wait
                tier = natural;
            }
            else
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

            _placed[id] = tier == current ? new Placement(tier, moved, rejoinSince) : new Placement(tier, now, null);
            result[id] = tier;
        }

        return result;
    }

    /// <summary>Whether a viewer with <paramref name="estimate"/> in <paramref name="tier"/> is below the band of a faster viewer there (whose tier's encoder it would hold down).</summary>
    private bool DragsDown(string id, long estimate, int tier, IReadOnlyDictionary<string, long> estimates, Dictionary<string, int> before) =>
        before.Any(other => other.Key != id && other.Value == tier && estimate < estimates[other.Key] * options.TierSplit);

    /// <summary>A viewer's tier, when it last moved, and since when its estimate has been high enough to move up.</summary>
    private readonly record struct Placement(int Tier, long Moved, long? RejoinSince);
}
