using System.Globalization;
using WlWebRtc.Testing.DBus;

namespace WlWebRtc.Testing.Desktop;

/// <summary>The config files of one run: sway, xdg-desktop-portal-wlr and the private session bus.</summary>
internal static class DesktopConfigFiles
{
    /// <summary>Prints sway's focused output, else the first (the test support's copy of the server session's chooser).</summary>
    private const string FocusedOutputChooser = """
        #!/bin/sh
        outputs=$(swaymsg -t get_outputs -p) || exit 1
        name=$(printf '%s\n' "$outputs" | sed -n 's/^Output \([^ ]*\) .*(focused)$/\1/p' | head -n 1)
        [ -n "$name" ] || name=$(printf '%s\n' "$outputs" | sed -n 's/^Output \([^ ]*\) .*/\1/p' | head -n 1)
        printf '%s\n' "$name"

        """;

    public static void Write(string runDirectory, string runtimeDirectory, HeadlessDesktopOptions options)
    {
        var invariant = CultureInfo.InvariantCulture;
        File.WriteAllText(Path.Combine(runDirectory, "sway.conf"), string.Create(invariant, $"""
            xwayland disable
            output {HeadlessDesktop.OutputName} mode {options.Width}x{options.Height} position 0 0 scale 1
            output * bg {options.Background} solid_color

            """));

        // chooser_type=none + output_name: Start answers at once with HEADLESS-1, no dialog; or the focused output
        var chooser = Path.Combine(runDirectory, "xdpw-chooser.sh");
        File.WriteAllText(chooser, FocusedOutputChooser);
        File.WriteAllText(Path.Combine(runDirectory, "xdpw.conf"), options.FocusedOutputChooser
            ? string.Create(invariant, $"""
                [screencast]
                chooser_type=simple
                chooser_cmd=/bin/sh {chooser}
                max_fps={options.MaxFps}

                """)
            : string.Create(invariant, $"""
                [screencast]
                output_name={HeadlessDesktop.OutputName}
                chooser_type=none
                max_fps={options.MaxFps}

                """));

        // an empty service directory: nothing is auto-started with a pid we do not know
        File.WriteAllText(Path.Combine(runDirectory, "dbus.conf"), DBusDaemon.SessionConfig(
            $"unix:path={Path.Combine(runtimeDirectory, "bus")}", Path.Combine(runDirectory, "services"), keepUmask: true));
    }
}
