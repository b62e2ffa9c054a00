namespace WlWebRtc.Testing.Desktop;

/// <summary>How the headless desktop is set up.</summary>
/// <param name="Width">Width of the HEADLESS-1 output in pixels.</param>
/// <param name="Height">Height of the HEADLESS-1 output in pixels.</param>
/// <param name="Background">Solid background colour, <c>#rrggbb</c>.</param>
/// <param name="MaxFps">xdg-desktop-portal-wlr's <c>max_fps</c>: the most frames per second a cast delivers.</param>
public sealed record HeadlessDesktopOptions(int Width = 1280, int Height = 720, string Background = "#ff0000", int MaxFps = 30)
{
    /// <summary>
    /// The portal casts sway's focused output (xdg-desktop-portal-wlr chooser_type=simple with a script, as the
    /// server's own headless session does) instead of always HEADLESS-1: what switching between outputs needs.
    /// </summary>
    public bool FocusedOutputChooser { get; init; }

    /// <summary>How long each start-up step may take.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Keep the run directory (logs, configs) after disposal; also set by WLWEBRTC_KEEP_DESKTOP=1.</summary>
    public bool KeepRunDirectory { get; init; } = Environment.GetEnvironmentVariable("WLWEBRTC_KEEP_DESKTOP") == "1";

    /// <summary>Where run directories and the cached xdpw shim live.</summary>
    public string BaseDirectory { get; init; } = Path.Combine(Path.GetTempPath(), "wlwebrtc-desktop");

    /// <summary>Throws with every problem at once when the options are unusable.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (Width is < 64 or > 8192)
        {
            errors.Add($"Width must be 64..8192, not {Width}.");
        }

        if (Height is < 64 or > 8192)
        {
            errors.Add($"Height must be 64..8192, not {Height}.");
        }

        if (!IsColour(Background))
        {
            errors.Add($"Background must be #rrggbb, not '{Background}'.");
        }

        if (MaxFps is < 1 or > 240)
        {
            errors.Add($"MaxFps must be 1..240, not {MaxFps}.");
        }

        if (ReadyTimeout <= TimeSpan.Zero)
        {
            errors.Add("ReadyTimeout must be positive.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid headless desktop options: " + string.Join(" ", errors));
        }
    }

    private static readonly System.Buffers.SearchValues<char> HexDigits = System.Buffers.SearchValues.Create("0123456789abcdefABCDEF");

    internal static bool IsColour(string value) =>
        value.Length == 7 && value[0] == '#' && !value.AsSpan(1).ContainsAnyExcept(HexDigits);
}
