namespace WlWebRtc.Rtp.Bwe;

/// <summary>
/// Collects lost and received packets until there are enough to say what the loss is: at least
/// <see cref="MinPackets"/>, or at least <see cref="MinPacketsOverSpan"/> once <see cref="SpanUs"/> has passed (a low
/// packet rate). With fewer, random loss reads as noise: at 5 % random loss one window of 20 packets in thirteen shows
/// over 10 % (three lost), which GCC's rule reads as congestion and cuts the rate for; one of 100 packets in ninety;
/// one of 200 packets about one in two thousand, so the rate holds as GCC means it to between 2 % and 10 %. At 10 Mb/s
/// 200 packets take a fifth of a second; congestion shows sooner as delay. Not thread-safe.
/// </summary>
internal sealed class LossWindow
{
    /// <summary>Packets that make a window at any rate.</summary>
    public const int MinPackets = 200;

    /// <summary>Packets that make a window once <see cref="SpanUs"/> has passed since it began.</summary>
    public const int MinPacketsOverSpan = 20;

    /// <summary>How long a window at a low packet rate collects before it may close with fewer than <see cref="MinPackets"/>.</summary>
    public const long SpanUs = 1_000_000;

    private int _lost;
    private int _total;
    private long _startUs;

    /// <summary>Adds <paramref name="lost"/> and <paramref name="received"/> packets; the window's loss fraction when this closed it, else null.</summary>
    public double? Add(int lost, int received, long nowUs)
    {
        if (lost < 0 || received < 0 || lost + received == 0)
        {
            return null;
        }

        if (_total == 0)
        {
            _startUs = nowUs;
        }

        _lost += lost;
        _total += lost + received;
        if (_total < MinPackets && (_total < MinPacketsOverSpan || nowUs - _startUs < SpanUs))
        {
            return null;
        }

        var fraction = (double)_lost / _total;
        _lost = 0;
        _total = 0;
        return fraction;
    }
}
