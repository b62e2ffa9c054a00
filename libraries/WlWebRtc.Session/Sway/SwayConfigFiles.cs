using System.Globalization;
using System.Text;

namespace WlWebRtc.Session.Sway;

/// <summary>The config files of one run: sway (output, start-up clients, panel), xdg-desktop-portal-wlr and the private session bus.</summary>
internal static class SwayConfigFiles
{
    public const string OutputName = "HEADLESS-1";

    public static string Sway(SessionOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine("# written by wlwebrtc for its headless session: regenerated at every start");
        text.AppendLine("xwayland disable");
        text.AppendLine(CultureInfo.InvariantCulture, $"output {OutputName} mode {options.Width}x{options.Height} position 0 0 scale 1");
        text.AppendLine("output * bg #2e3440 solid_color");
        text.AppendLine("default_border pixel 2");
        text.AppendLine("set $mod Mod4");
        text.AppendLine("bindsym $mod+Return exec foot");
        text.AppendLine("bindsym $mod+Shift+q kill");
        text.AppendLine("bindsym $mod+f fullscreen toggle");
        text.AppendLine("bindsym $mod+Left focus left");
        text.AppendLine("bindsym $mod+Right focus right");
        text.AppendLine("bindsym $mod+Up focus up");
        text.AppendLine("bindsym $mod+Down focus down");
        if (options.Panel)
        {
            // a clock that changes once a minute: little damage, so little to encode
            text.AppendLine("bar {");
            text.AppendLine("    position top");
            text.AppendLine("    status_command while date +'%a %d %b %H:%M'; do sleep 20; done");
            text.AppendLine("}");
        }

        foreach (var client in options.Clients)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"exec {client}");
        }

        return text.ToString();
    }

    /// <summary>
    /// chooser_type=simple with <see cref="OutputChooser"/>: the portal's Start answers at once, no dialog, with sway's
    /// focused output (HEADLESS-1 while it is the only one); the capture focuses the output a viewer picks before it
    /// opens a cast of it (several outputs, issue 16).
    /// </summary>
    public static string Xdpw(SessionOptions options, string chooserScript) => string.Create(CultureInfo.InvariantCulture, $"""
        [screencast]
        chooser_type=simple
        chooser_cmd=/bin/sh {chooserScript}
        max_fps={options.MaxFps}

        """);

    /// <summary>
    /// The portal's output chooser: prints sway's focused output (else the first one), as <c>swaymsg</c>'s readable
    /// listing names it ("Output NAME '…' (focused)"); xdg-desktop-portal-wlr casts the output it prints.
    /// </summary>
    public const string OutputChooser = """
        #!/bin/sh
        # written by wlwebrtc: the portal casts sway's focused output (wlwebrtc focuses the one a viewer picks)
        outputs=$(swaymsg -t get_outputs -p) || exit 1
        name=$(printf '%s\n' "$outputs" | sed -n 's/^Output \([^ ]*\) .*(focused)$/\1/p' | head -n 1)
        [ -n "$name" ] || name=$(printf '%s\n' "$outputs" | sed -n 's/^Output \([^ ]*\) .*/\1/p' | head -n 1)
        printf '%s\n' "$name"

        """;

    /// <summary>
    /// A session bus with no activatable services (nothing starts with a pid we do not know). Any user may connect:
    /// the socket lives in the session's 0700 runtime dir, so only the desktop's user and root reach it.
    /// </summary>
    public static string Bus(string runtimeDirectory, string servicesDirectory) => $"""
        <!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
         "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
        <busconfig>
          <type>session</type>
          <listen>unix:path={Path.Combine(runtimeDirectory, "bus")}</listen>
          <auth>EXTERNAL</auth>
          <servicedir>{servicesDirectory}</servicedir>
          <policy context="default">
            <allow user="*"/>
            <allow send_destination="*" eavesdrop="true"/>
            <allow eavesdrop="true"/>
            <allow own="*"/>
          </policy>
        </busconfig>

        """;
}
