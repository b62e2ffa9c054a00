using System.Globalization;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// Content that loads a link as a real desktop does: a foot terminal filled with random text that scrolls at a fixed
/// number of lines a second (each line as wide as the window), so every captured frame differs and the encoder needs
/// megabits per second, unlike the test pattern (about 60 kb/s). The rate is fixed, not "as fast as possible", so
/// runs are comparable whatever the machine's load.
/// </summary>
public static class ScrollingText
{
    /// <summary>Starts the terminal (app id <c>random-text</c>) printing <paramref name="linesPerSecond"/> lines of random text.</summary>
    public static Task<DesktopProcess> StartRandomTextTerminalAsync(this HeadlessDesktop desktop, int linesPerSecond = 30)
    {
        ArgumentNullException.ThrowIfNull(desktop);
        ArgumentOutOfRangeException.ThrowIfLessThan(linesPerSecond, 1);
        var script = string.Create(CultureInfo.InvariantCulture, $"""
            import random, string, sys, time
            chars = string.ascii_letters + string.digits + '      .,;:-'
            rng = random.Random(14)
            period = 1 / {linesPerSecond}
            next = time.monotonic()
            while True:
                sys.stdout.write(''.join(rng.choice(chars) for _ in range(400)) + '\n')
                sys.stdout.flush()
                next += period
                time.sleep(max(0, next - time.monotonic()))
            """);
        return desktop.StartFootAsync("random-text", "/usr/bin/python3", "-c", script);
    }
}
