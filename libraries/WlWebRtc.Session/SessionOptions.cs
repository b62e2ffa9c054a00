using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Session.Restart;

namespace WlWebRtc.Session;

/// <summary>The <c>[session]</c> table: attach to the current session, or start and own a headless one.</summary>
/// <param name="Mode">Attach (default) or headless.</param>
/// <param name="User">Headless, started as root: the account that runs the compositor and the desktop's programs (empty: <c>wlwebrtc</c> if it exists, else <c>nobody</c>).</param>
/// <param name="Directory">Headless: the session's run directory (runtime dir, logs, configs); empty: a default per user.</param>
/// <param name="Width">Headless: the output's width in pixels (mutter: its virtual monitor's at start).</param>
/// <param name="Height">Headless: the output's height in pixels.</param>
/// <param name="Clients">Headless: command lines the compositor runs at start (the desktop's own programs).</param>
/// <param name="Panel">Headless sway: show a panel (swaybar with a clock).</param>
/// <param name="MaxFps">Headless: the most frames per second the screen cast delivers (the portal's, or the gnome capture's).</param>
/// <param name="Restart">Headless: how a session that died is restarted.</param>
/// <param name="ReadyTimeout">Headless: how long each start-up step may take.</param>
public sealed record SessionOptions(
    SessionMode Mode,
    string? User,
    string? Directory,
    int Width,
    int Height,
    IReadOnlyList<string> Clients,
    bool Panel,
    int MaxFps,
    RestartOptions Restart,
    TimeSpan ReadyTimeout)
{
    /// <summary>The key that selects the mode (also set by the host for the server it runs inside a headless session).</summary>
    public const string ModeKey = "session.mode";

    /// <summary>Headless: the compositor to start (<c>session.compositor</c>).</summary>
    public SessionCompositor Compositor { get; init; } = SessionCompositor.Auto;

    public static SessionOptions Default { get; } = new(
        SessionMode.Attach, null, null, 1920, 1080, ["foot"], true, 30, RestartOptions.Default, TimeSpan.FromSeconds(30));

    /// <summary>Reads and validates the <c>[session]</c> table, returning every error at once (keys <c>session.…</c>).</summary>
    public static (SessionOptions Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var defaults = Default;
        var reader = new SettingsReader(section, "session");
        reader.RejectUnknownKeys(
        [
            "mode", "compositor", "user", "directory", "width", "height", "clients", "panel", "max_fps", "ready_timeout_seconds",
            "restart_delay_seconds", "max_restart_delay_seconds", "stable_after_seconds", "max_restarts",
        ]);
        var mode = reader.ReadString("mode", "attach", "attach", "headless") == "headless" ? SessionMode.Headless : SessionMode.Attach;
        var compositor = reader.ReadString("compositor", "auto", "auto", "sway", "mutter") switch
        {
            "sway" => SessionCompositor.Sway,
            "mutter" => SessionCompositor.Mutter,
            _ => SessionCompositor.Auto,
        };
        var user = reader.ReadString("user", string.Empty);
        if (user.Length > 0 && !IsAccountName(user))
        {
            reader.AddError("user", $"must be an account name (letters, digits, '_', '-', '.'), got '{user}'");
        }

        var directory = reader.ReadString("directory", string.Empty);
        if (directory.Length > 0 && !Path.IsPathFullyQualified(directory))
        {
            reader.AddError("directory", $"must be an absolute path, got '{directory}'");
        }
        else if (directory.Length > 64)
        {
            // sockets in it (wayland-0, sway-ipc.UID.PID.sock, pipewire-0) must fit sun_path's 108 bytes
            reader.AddError("directory", $"must be at most 64 characters (the session's sockets live in it), got {directory.Length}");
        }

        var width = reader.ReadInt32("width", defaults.Width, 320, 8192);
        var height = reader.ReadInt32("height", defaults.Height, 200, 8192);
        var clients = reader.ReadList("clients", defaults.Clients);
        if (clients.Any(c => c.Contains('\n', StringComparison.Ordinal) || c.Contains('\r', StringComparison.Ordinal)))
        {
            reader.AddError("clients", "a command line must be one line");
        }

        var panel = reader.ReadBoolean("panel", defaults.Panel);
        var maxFps = reader.ReadInt32("max_fps", defaults.MaxFps, 1, 240);
        var ready = reader.ReadDouble("ready_timeout_seconds", defaults.ReadyTimeout.TotalSeconds, 1, 600);
        var restart = RestartOptions.Read(reader);
        var options = new SessionOptions(
            mode, NullIfEmpty(user), NullIfEmpty(directory), width, height, clients, panel, maxFps, restart, TimeSpan.FromSeconds(ready))
        {
            Compositor = compositor,
        };
        return (options, reader.Errors);
    }

    private static bool IsAccountName(string name) =>
        name.Length <= 32 && name[0] != '-' && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
