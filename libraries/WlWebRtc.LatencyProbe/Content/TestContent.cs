namespace WlWebRtc.LatencyProbe.Content;

/// <summary>
/// What the synthetic source draws below the latency barcode, from cheapest to hardest to encode: the probe pattern,
/// a still desktop with a blinking text cursor, a terminal scrolling random text, and full-screen motion.
/// </summary>
public enum TestContent
{
    /// <summary>Four colour quadrants and a moving grey box (<see cref="LatencyProbePattern"/>): tens of kb/s.</summary>
    Pattern,

    /// <summary>A desktop with a window of text that does not change but for a blinking text cursor.</summary>
    Static,

    /// <summary>A full-screen terminal whose random text scrolls up one line per frame.</summary>
    Scrolling,

    /// <summary>Noisy gradients moving in bands at different speeds, with blocks of fresh noise every frame.</summary>
    Motion,
}

/// <summary>The config and command-line names of <see cref="TestContent"/>.</summary>
public static class TestContentNames
{
    /// <summary>Every name, in the order of <see cref="TestContent"/>.</summary>
    public static IReadOnlyList<string> All { get; } = ["pattern", "static", "scrolling", "motion"];

    /// <summary>The name of a profile.</summary>
    public static string Of(TestContent content) => All[(int)content];

    /// <summary>Parses a name (case-insensitive).</summary>
    public static bool TryParse(string? text, out TestContent content)
    {
        for (var i = 0; i < All.Count; i++)
        {
            if (string.Equals(All[i], text, StringComparison.OrdinalIgnoreCase))
            {
                content = (TestContent)i;
                return true;
            }
        }

        content = TestContent.Pattern;
        return false;
    }
}
