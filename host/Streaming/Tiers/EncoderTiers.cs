using WlWebRtc.Capture;
using WlWebRtc.Media;

namespace WlWebRtc.Host.Streaming.Tiers;

/// <summary>
/// The encoder tiers (<see cref="TierGrouping"/>): tier 0 is the pipeline that always runs; a higher tier's
/// pipeline (its own encoder thread, bitrate, degradation rung and keyframe budget) is created when the gateway puts
/// a viewer in it and disposed when its last viewer leaves it. As the capture's sink it hands each frame to every
/// running tier (shared views: the capture's buffer goes back when the last tier is done with it); without a higher
/// tier the frame goes to tier 0 as it came. Thread-safe.
/// </summary>
internal sealed class EncoderTiers(VideoPipeline first, int count, Func<int, VideoPipeline> create) : IVideoFrameSink, IAsyncDisposable
{
    private readonly Lock _gate = new();
    private readonly VideoPipeline?[] _tiers = [first, .. new VideoPipeline?[Math.Max(0, count - 1)]];
    private readonly List<Task> _stopping = [];

    /// <summary>The most tiers that may run.</summary>
    public int Count => _tiers.Length;

    /// <summary>Tier 0's pipeline.</summary>
    public VideoPipeline First => first;

    /// <summary>The tiers running now, by index.</summary>
    public IReadOnlyList<(int Tier, VideoPipeline Pipeline)> Running
    {
        get
        {
            lock (_gate)
            {
                return [.. _tiers.Select((p, i) => (i, p)).Where(t => t.p is not null).Select(t => (t.i, t.p!))];
            }
        }
    }

    /// <summary>The pipeline of <paramref name="tier"/>, started now if it was not running.</summary>
    public VideoPipeline Activate(int tier)
    {
        lock (_gate)
        {
            return _tiers[tier] ??= create(tier);
        }
    }

    /// <summary>The pipeline of <paramref name="tier"/> if it runs.</summary>
    public VideoPipeline? Find(int tier)
    {
        lock (_gate)
        {
            return tier >= 0 && tier < _tiers.Length ? _tiers[tier] : null;
        }
    }

    /// <summary>Stops a higher tier's pipeline (in the background: it joins its encoder thread); tier 0 always runs.</summary>
    public void Deactivate(int tier)
    {
        VideoPipeline? stopped;
        lock (_gate)
        {
            if (tier == 0 || _tiers[tier] is null)
            {
                return;
            }

            stopped = _tiers[tier];
            _tiers[tier] = null;
            _stopping.RemoveAll(t => t.IsCompleted);
            _stopping.Add(Task.Run(async () => await stopped!.DisposeAsync().ConfigureAwait(false)));
        }
    }

    void IVideoFrameSink.OnFrame(VideoFrame frame)
    {
        // Under the lock: a tier being deactivated gets no frame after it left the array, so its disposal releases
        // whatever it was given.
        lock (_gate)
        {
            var higher = _tiers.Skip(1).OfType<VideoPipeline>().ToArray();
            if (higher.Length == 0)
            {
                ((IVideoFrameSink)first).OnFrame(frame);
                return;
            }

            var views = SharedVideoFrame.Split(frame, higher.Length + 1);
            ((IVideoFrameSink)first).OnFrame(views[0]);
            for (var i = 0; i < higher.Length; i++)
            {
                ((IVideoFrameSink)higher[i]).OnFrame(views[i + 1]);
            }
        }
    }

    void IVideoFrameSink.OnCursor(CursorInfo cursor) => ((IVideoFrameSink)first).OnCursor(cursor);

    void IVideoFrameSink.OnStopped(Exception? failure) => ((IVideoFrameSink)first).OnStopped(failure);

    /// <summary>Stops the higher tiers (tier 0 belongs to whoever created it).</summary>
    public async ValueTask DisposeAsync()
    {
        for (var tier = 1; tier < _tiers.Length; tier++)
        {
            Deactivate(tier);
        }

        Task[] stopping;
        lock (_gate)
        {
            stopping = [.. _stopping];
        }

        await Task.WhenAll(stopping).ConfigureAwait(false);
    }
}
