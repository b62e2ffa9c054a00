namespace WlWebRtc.Host.Streaming.Degradation;

/// <summary>
/// Chooses the frame rate the pipeline encodes at for the encoder's bitrate: when the bits per pixel at the current
/// rate (bitrate / (width x height x fps)) fall below <see cref="DegradationOptions.LowBitsPerPixel"/>, it steps down
/// the ladder (the capture's rate, 15, 10, 5 fps, never below <see cref="DegradationOptions.MinFrameRate"/>) at once
/// to the first rate that gets enough bits (a link that fell needs relief now); it steps up one rung at a time, once
/// that rung would get <see cref="DegradationOptions.RestoreBitsPerPixel"/> and <see cref="DegradationOptions.RestoreHold"/>
/// has passed since the last change (so an estimate wobbling around a threshold does not make the rate flap). Fewer
/// frames at the same bitrate give each frame more bits: text stays legible and the link is not over-filled, instead
/// of every frame being a smear or the pacer dropping frames for keyframes. Not thread-safe.
/// </summary>
internal sealed class DegradationPolicy
{
    private static readonly int[] Rungs = [15, 10, 5];

    private readonly DegradationOptions _options;
    private readonly TimeProvider _time;
    private readonly int[] _ladder;
    private int _level;
    private long _lastChange;

    public DegradationPolicy(DegradationOptions options, int maxFrameRate, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _time = time;
        var floor = Math.Min(options.MinFrameRate, maxFrameRate);
        _ladder = options.Enabled ? [maxFrameRate, .. Rungs.Where(r => r < maxFrameRate && r >= floor)] : [maxFrameRate];
        _lastChange = time.GetTimestamp();
    }

    /// <summary>The frame rate to encode at now.</summary>
    public int FrameRate => _ladder[_level];

    /// <summary>The capture's (undegraded) frame rate.</summary>
    public int MaxFrameRate => _ladder[0];

    /// <summary>Moves the frame rate for a <paramref name="bitsPerSecond"/> stream of <paramref name="width"/> x <paramref name="height"/>; true if it changed.</summary>
    public bool Update(long bitsPerSecond, int width, int height)
    {
        var pixels = (double)Math.Max(1, width) * Math.Max(1, height);
        var before = _level;
        if (BitsPerPixel(bitsPerSecond, pixels, _level) < _options.LowBitsPerPixel)
        {
            while (_level < _ladder.Length - 1 && BitsPerPixel(bitsPerSecond, pixels, _level) < _options.LowBitsPerPixel)
            {
                _level++;
            }
        }
        else if (_level > 0
            && BitsPerPixel(bitsPerSecond, pixels, _level - 1) >= _options.RestoreBitsPerPixel
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

    private double BitsPerPixel(long bitsPerSecond, double pixels, int level) => bitsPerSecond / (pixels * _ladder[level]);
}
