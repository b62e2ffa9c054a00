using System.Globalization;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// A real headless GNOME Shell session for integration tests: like <see cref="HeadlessMutter"/> (private session bus,
/// PipeWire, WirePlumber, a virtual monitor, Mutter's ScreenCast and RemoteDesktop APIs), but the compositor is
/// <c>gnome-shell --headless --wayland --no-x11</c>, whose keymap follows <c>org.gnome.desktop.input-sources</c>. Its
/// GSettings are real: dconf-service runs on the private bus and writes to the session's own XDG_CONFIG_HOME, so a
/// change made with gsettings reaches the shell. gnome-shell reaches logind through the system bus when
/// <c>/run/systemd/seats</c> exists and stops otherwise, so a second private bus stands in for the system bus (no
/// services on it). The shell starts in the Overview, which takes the keyboard; the fixture closes it.
/// </summary>
public class HeadlessGnomeShell : HeadlessMutter
{
    public const string ShellName = "org.gnome.Shell";

    public const string DConfName = "ca.desrt.dconf";

    public HeadlessGnomeShell()
        : this(new HeadlessDesktopOptions())
    {
    }

    /// <summary>Width and height of <paramref name="options"/> give the virtual monitor's size.</summary>
    protected HeadlessGnomeShell(HeadlessDesktopOptions options)
        : base(options, withMutter: true)
    {
    }

    /// <summary>The stand-in system bus's address (gnome-shell's DBUS_SYSTEM_BUS_ADDRESS).</summary>
    public string SystemBusAddress => "unix:path=" + Path.Combine(RunDirectory, "system-bus");

    protected override IReadOnlyList<(string Program, string Package)> Programs =>
    [
        ("dbus-daemon", "dbus-daemon"),
        ("dbus-send", "dbus-bin"),
        ("pipewire", "pipewire-bin"),
        ("wireplumber", "wireplumber"),
        ("pw-cli", "pipewire-bin"),
        ("gnome-shell", "gnome-shell"),
        ("gsettings", "libglib2.0-bin"),
        ("/usr/libexec/dconf-service", "dconf-service"),
    ];

    /// <summary>A GSettings key of the session as <c>gsettings get</c> prints it (GVariant text).</summary>
    public async Task<string> GetSettingAsync(string schema, string key)
    {
        var result = await RunAsync("gsettings", ["get", schema, key]);
        return result.ExitCode == 0 ? result.StandardOutput.Trim() : throw new HeadlessDesktopException($"gsettings get {schema} {key} failed: {result.StandardError}");
    }

    /// <summary>Sets a GSettings key of the session (<paramref name="value"/> in GVariant text).</summary>
    public async Task SetSettingAsync(string schema, string key, string value)
    {
        var result = await RunAsync("gsettings", ["set", schema, key, value]);
        if (result.ExitCode != 0)
        {
            throw new HeadlessDesktopException($"gsettings set {schema} {key} {value} failed: {result.StandardError}");
        }
    }

    protected override async Task StartComponentsAsync(CancellationToken cancellationToken)
    {
        CreateRunDirectories();
        WriteSessionFiles();
        SessionEnvironment.Remove("GSETTINGS_BACKEND");
        await StartSessionBusAsync(cancellationToken);
        await StartPipeWireAsync(cancellationToken);

        var systemConfig = Path.Combine(RunDirectory, "system-dbus.conf");
        Directory.CreateDirectory(Path.Combine(RunDirectory, "system-services"));
        await File.WriteAllTextAsync(systemConfig, DBus.DBusDaemon.SessionConfig(SystemBusAddress, Path.Combine(RunDirectory, "system-services"), keepUmask: true), cancellationToken);
        var systemBus = StartProcess("system-dbus", "dbus-daemon", "--config-file=" + systemConfig, "--nofork", "--nopidfile");
        await WaitForAsync("the stand-in system bus", systemBus, _ => Task.FromResult(File.Exists(Path.Combine(RunDirectory, "system-bus"))), cancellationToken);

        var dconf = StartProcess("dconf", "/usr/libexec/dconf-service");
        await WaitForAsync(DConfName + " on the bus", dconf, ct => BusHasNameAsync(DConfName, ct), cancellationToken);

        var shell = StartProcess(
            "gnome-shell",
            "env",
            "DBUS_SYSTEM_BUS_ADDRESS=" + SystemBusAddress,
            "XDG_CURRENT_DESKTOP=GNOME",
            "gnome-shell",
            "--headless",
            "--wayland",
            "--no-x11",
            "--virtual-monitor",
            string.Create(CultureInfo.InvariantCulture, $"{Options.Width}x{Options.Height}"));
        await WaitForAsync("gnome-shell's Wayland socket", shell, _ => Task.FromResult(FirstSocket(RuntimeDirectory, "wayland-*") is not null), cancellationToken);
        WaylandDisplay = FirstSocket(RuntimeDirectory, "wayland-*")!;
        SessionEnvironment["WAYLAND_DISPLAY"] = WaylandDisplay;
        foreach (var name in new[] { ScreenCastName, RemoteDesktopName, ShellName })
        {
            await WaitForAsync(name + " on the bus", shell, ct => BusHasNameAsync(name, ct), cancellationToken);
        }

        // the shell opens the Overview at the end of its startup (measured: always, headless too): wait for it, then close it
        await WaitForAsync("the Overview at the shell's start", shell, async ct => await OverviewActiveAsync(ct) == true, cancellationToken);
        await WaitForAsync("the Overview closed", shell, CloseOverviewAsync, cancellationToken);
    }

    private async Task<bool?> OverviewActiveAsync(CancellationToken cancellationToken)
    {
        var state = await RunAsync("dbus-send", ["--session", "--print-reply=literal", "--dest=" + ShellName, "/org/gnome/Shell", "org.freedesktop.DBus.Properties.Get", "string:" + ShellName, "string:OverviewActive"], TimeSpan.FromSeconds(5), cancellationToken);
        return state.ExitCode != 0 ? null : state.StandardOutput.Contains("true", StringComparison.Ordinal);
    }

    private async Task<bool> CloseOverviewAsync(CancellationToken cancellationToken)
    {
        _ = await RunAsync("dbus-send", ["--session", "--print-reply", "--dest=" + ShellName, "/org/gnome/Shell", "org.freedesktop.DBus.Properties.Set", "string:" + ShellName, "string:OverviewActive", "variant:boolean:false"], TimeSpan.FromSeconds(5), cancellationToken);
        await Task.Delay(300, cancellationToken);
        return await OverviewActiveAsync(cancellationToken) == false;
    }
}
