namespace WlWebRtc.RemoteInput.Mapping;

/// <summary>
/// Turns DOM wheel deltas of one axis into a smooth value (Wayland axis units, 15 per wheel click, as libinput
/// reports a click) and discrete clicks, accumulating in 1/120 of a click (the hi-res wheel convention) so that a
/// hi-res wheel or a touchpad yields a click only once a whole one has built up. A change of direction drops the
/// remainder.
/// </summary>
internal sealed class WheelAccumulator
{
    public const double AxisUnitsPerClick = 15;
    public const double PixelsPerClick = 100; // Chromium's deltaY for one click
    public const double LinesPerClick = 3; // Firefox's deltaMode=1 deltaY for one click
    public const double ClicksPerPage = 5;

    private int _remainder120;

    /// <summary>The value (axis units) and whole clicks for a delta in DOM <paramref name="deltaMode"/> units (0 px, 1 lines, 2 pages).</summary>
    public (double Value, int Clicks) Add(double delta, int deltaMode)
    {
        var clicks = deltaMode switch
        {
            0 => delta / PixelsPerClick,
            1 => delta / LinesPerClick,
            2 => delta * ClicksPerPage,
            _ => throw new ArgumentOutOfRangeException(nameof(deltaMode), deltaMode, "DOM deltaMode is 0, 1 or 2."),
        };

        var v120 = (int)Math.Round(clicks * 120);
        if (v120 != 0 && _remainder120 != 0 && Math.Sign(v120) != Math.Sign(_remainder120))
        {
            _remainder120 = 0;
        }

        var total = _remainder120 + v120;
        var whole = total / 120; // truncates towards zero
        _remainder120 = total - (whole * 120);
        return (clicks * AxisUnitsPerClick, whole);
    }

    public void Reset() => _remainder120 = 0;
}
