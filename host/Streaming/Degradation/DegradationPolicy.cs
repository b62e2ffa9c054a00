namespace WlWebRtc.Host.Streaming.Degradation;

/// <summary>
/// Chooses the frame rate and picture scale the pipeline encodes at for the encoder's bitrate. The ladder is the
/// capture's rate, 15, 10, 5 fps (never below <see cref="DegradationOptions.MinFrameRate"/>), then, at the lowest
/// rate, the picture scaled to 3/4 and 1/2 of the captured size (while <see cref="DegradationOptions.ScaleDown"/>,
/// and never below <see cref="DegradationOptions.MinHeight"/> rows). When the bits per pixel on the current rung
/// (bitrate / (width x height x fps), at the scaled size) fall below <see cref="DegradationOptions.LowBitsPerPixel"/>,
/// it steps down at once to the first rung that gets enough bits (a link that fell needs relief now); it steps up one
/// rung at a time, once that rung would get <see cref="DegradationOptions.RestoreBitsPerPixel"/> and
/// <see cref="DegradationOptions.RestoreHold"/> has passed since the last change (so an estimate wobbling around a
/// threshold does not make the picture flap). Fewer frames at the same bitrate give each frame more bits: text stays
/// legible and the link is not over-filled; only when even the lowest rate is starved does the picture shrink, since
/// a smaller picture blurs text while a slower one only delays it. Not thread-safe.
/// </summary>
internal sealed class DegradationPolicy
{
    private static readonly int[] FrameRateRungs = [15, 10, 5];

    /// <summary>The scale rungs in quarters of the captured size: 3/4, then 1/2.</summary>
    private static readonly int[] ScaleRungs = [3, 2];

    private readonly DegradationOptions _options;
    private readonly TimeProvider _time;
    private readonly Rung[] _ladder;
    private int _level;
    private long _lastChange;

    public DegradationPolicy(DegradationOptions options, int maxFrameRate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        var floor = Math.Min(options.MinFrameRate, maxFrameRate);
        int[] rates = options.Enabled ? [maxFrameRate, .. FrameRateRungs.Where(r => r < maxFrameRate && r >= floor)] : [maxFrameRate];
        Rung[] scaled = options.Enabled && options.ScaleDown ? [.. ScaleRungs.Select(q => new Rung(rates[^1], q))] : [];
        _ladder = [.. rates.Select(r => new Rung(r, 4)), .. scaled];
        _lastChange = time.GetTimestamp();
    }

    /// <summary>The frame rate to encode at now.</summary>
    public int FrameRate => _ladder[_level].FrameRate;

    /// <summary>The capture's (undegraded) frame rate.</summary>
    public int MaxFrameRate => _ladder[0].FrameRate;

    /// <summary>The picture's scale now: 1, 0.75 or 0.5.</summary>
    public double Scale => _ladder[_level].Quarters / 4.0;

    /// <summary>The size a <paramref name="width"/> x <paramref name="height"/> capture is encoded at now (even, so 4:2:0 fits).</summary>
    public (int Width, int Height) EncodedSize(int width, int height) => _ladder[_level].Size(width, height);

    /// <summary>Moves the rung for a <paramref name="bitsPerSecond"/> stream of a <paramref name="width"/> x <paramref name="height"/> capture; true if it changed.</summary>
    public bool Update(long bitsPerSecond, int width, int height)
    {
        var before = _level;

        // A capture that got smaller (the output was resized) may leave the current scale below the minimum height.
        var usable = UsableLevels(width, height);
        _level = Math.Min(_level, usable - 1);
        if (BitsPerPixel(bitsPerSecond, width, height, _level) < _options.LowBitsPerPixel)
        {
            while (_level < usable - 1 && BitsPerPixel(bitsPerSecond, width, height, _level) < _options.LowBitsPerPixel)
            {
                _level++;
            }
        }
        else if (_level > 0
            && BitsPerPixel(bitsPerSecond, width, height, _level - 1) >= _options.RestoreBitsPerPixel
            && _time.GetElapsedTime(_lastChange) >= _options.RestoreHold)
        {
            _level--;
        }

        if (_level == before)
        {
            return false;
        }

        _lastChange = _time.GetTimestamp();
        return true;
    }

    /// <summary>How many rungs of the ladder keep at least the minimum height (the unscaled ones always do).</summary>
    private int UsableLevels(int width, int height)
    {
        var count = _ladder.Length;
        while (count > 1 && _ladder[count - 1].Quarters < 4 && _ladder[count - 1].Size(width, height).Height < _options.MinHeight)
        {
            count--;
        }

        return count;
    }

    private double BitsPerPixel(long bitsPerSecond, int width, int height, int level)
    {
        var rung = _ladder[level];
        var (w, h) = rung.Size(width, height);
        return bitsPerSecond / ((double)Math.Max(1, w) * Math.Max(1, h) * rung.FrameRate);
    }

    private readonly record struct Rung(int FrameRate, int Quarters)
    {
        public (int Width, int Height) Size(int width, int height) =>
            Quarters >= 4 ? (width, height) : (Math.Max(2, (width * Quarters / 4) & ~1), Math.Max(2, (height * Quarters / 4) & ~1));
    }
}
