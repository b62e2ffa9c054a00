using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Session.Processes;
using WlWebRtc.Unix;

namespace WlWebRtc.Session.Sway;

/// <summary>
/// One run of a headless sway desktop: a private session bus (no activatable services), sway (wlroots' headless
/// backend, pixman renderer, no GPU; as <see cref="SessionAccount"/>), PipeWire, WirePlumber, xdg-permission-store,
/// xdg-desktop-portal-wlr (with <see cref="XdpwShim"/>) and xdg-desktop-portal, in a private XDG_RUNTIME_DIR under
/// <c>RUN/xdg</c>. The start-up clients are sway's <c>exec</c> lines. Disposal stops what it started, newest first,
/// then every process whose environment holds this run's XDG_RUNTIME_DIR (what the desktop's programs started).
/// </summary>
internal sealed partial class SwaySession : IDisposable
{
    private static readonly TimeSpan ComponentGrace = TimeSpan.FromSeconds(3);

    private readonly List<SessionProcess> _processes = [];
    private readonly SessionOptions _options;
    private readonly ILogger _logger;
    private Dictionary<string, string?> _environment = [];
    private int _disposed;

    private SwaySession(SessionOptions options, string runDirectory, ILogger logger)
    {
        _options = options;
        RunDirectory = runDirectory;
        _logger = logger;
    }

    public string RunDirectory { get; }

    public string RuntimeDirectory => Path.Combine(RunDirectory, "xdg");

    /// <summary>The variable every process of this run carries (how teardown finds what the desktop started).</summary>
    public string Marker => "XDG_RUNTIME_DIR=" + RuntimeDirectory;

    /// <summary>The variables the streaming server needs to attach to this session (null removes one).</summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment { get; private set; } = new Dictionary<string, string?>();

    /// <summary>The components that make the session: when one exits, the session is dead.</summary>
    public IReadOnlyList<SessionProcess> Components => _processes;

    /// <summary>Starts a session in <paramref name="directory"/>/run (the previous run's files move to run.previous); disposed if the start fails.</summary>
    public static async Task<SwaySession> StartAsync(SessionOptions options, SessionAccount account, string directory, ILogger logger, CancellationToken cancellationToken)
    {
        RequiredPrograms.EnsurePresent(RequiredPrograms.All);
        EnsureSharedMemory();
        var shim = await XdpwShim.EnsureBuiltAsync(Path.Combine(directory, "lib"), cancellationToken).ConfigureAwait(false);
        var session = new SwaySession(options, PrepareRunDirectory(directory), logger);
        try
        {
            await session.StartComponentsAsync(account, shim, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // newest first: the portals, WirePlumber, PipeWire, sway (and with it its clients), the bus
        for (var i = _processes.Count - 1; i >= 0; i--)
        {
            _processes[i].Dispose();
        }

        // then whatever they started (the desktop's programs, swaybg, swaybar), found by this run's runtime dir
        for (var round = 0; round < 3; round++)
        {
            var left = ProcessTable.WithEnvironmentEntry(Marker);
            if (left.Count == 0)
            {
                break;
            }

            Log.TearDownKilled(_logger, left.Count, string.Join(' ', left));
            foreach (var pid in left)
            {
                ProcessTable.Terminate(pid, ComponentGrace);
            }
        }
    }

    private static string PrepareRunDirectory(string directory)
    {
        var run = Path.Combine(directory, "run");
        var previous = Path.Combine(directory, "run.previous");
        if (Directory.Exists(run))
        {
            if (Directory.Exists(previous))
            {
                Directory.Delete(previous, recursive: true);
            }

            Directory.Move(run, previous);
        }

        Directory.CreateDirectory(run);
        foreach (var sub in new[] { "xdg", "config", "state", "cache", "data", "home", "services", "logs" })
        {
            Directory.CreateDirectory(Path.Combine(run, sub));
        }

        File.SetUnixFileMode(Path.Combine(run, "xdg"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return run;
    }

    private static void EnsureSharedMemory()
    {
        // wlroots and Wayland clients allocate wl_shm buffers with shm_open()
        const string Shm = "/dev/shm";
        const UnixFileMode Needed = UnixFileMode.StickyBit | UnixFileMode.OtherWrite;
        if (!Directory.Exists(Shm) || (File.GetUnixFileMode(Shm) & Needed) != Needed)
        {
            throw new SessionStartException("/dev/shm must be a writable tmpfs with mode 1777 (mount -t tmpfs -o mode=1777 shm /dev/shm)");
        }
    }

    private async Task StartComponentsAsync(SessionAccount account, string shim, CancellationToken cancellationToken)
    {
        var runtime = RuntimeDirectory;
        await File.WriteAllTextAsync(Path.Combine(RunDirectory, "sway.conf"), SwayConfigFiles.Sway(_options), cancellationToken).ConfigureAwait(false);
        var chooser = Path.Combine(RunDirectory, "xdpw-chooser.sh");
        await File.WriteAllTextAsync(chooser, SwayConfigFiles.OutputChooser, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(RunDirectory, "xdpw.conf"), SwayConfigFiles.Xdpw(_options, chooser), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(RunDirectory, "dbus.conf"), SwayConfigFiles.Bus(runtime, Path.Combine(RunDirectory, "services")), cancellationToken).ConfigureAwait(false);
        if (account.IsOtherUser)
        {
            // the desktop's user owns the run (its runtime dir, homes and sockets); root's services reach it anyway
            await RequireAsync("chown", ["-R", string.Create(CultureInfo.InvariantCulture, $"{account.Uid}:{account.Gid}"), RunDirectory], cancellationToken).ConfigureAwait(false);
        }

        _environment = ComponentEnvironment();

        // 1. the private session bus
        var bus = Start("dbus", [], "dbus-daemon", "--config-file=" + Path.Combine(RunDirectory, "dbus.conf"), "--nofork", "--nopidfile");
        await WaitForAsync("the D-Bus socket", bus, _ => Task.FromResult(File.Exists(Path.Combine(runtime, "bus"))), cancellationToken).ConfigureAwait(false);
        await WaitForAsync("the D-Bus daemon to answer", bus, ct => BusHasNameAsync("org.freedesktop.DBus", ct), cancellationToken).ConfigureAwait(false);

        // 2. sway as the desktop's user, with its home and shell (its clients inherit them)
        var swayEnvironment = new Dictionary<string, string?>(_environment)
        {
            ["HOME"] = account.Home ?? Path.Combine(RunDirectory, "home"),
            ["USER"] = account.Name,
            ["LOGNAME"] = account.Name,
            ["SHELL"] = account.Shell,
        };
        var sway = Start("sway", account.CommandPrefix, "sway", swayEnvironment, "-c", Path.Combine(RunDirectory, "sway.conf"));
        await WaitForAsync("the Wayland socket", sway, _ => Task.FromResult(FirstSocket(runtime, "wayland-*") is not null), cancellationToken).ConfigureAwait(false);
        await WaitForAsync("the sway IPC socket", sway, _ => Task.FromResult(FirstSocket(runtime, "sway-ipc.*.sock") is not null), cancellationToken).ConfigureAwait(false);
        _environment["WAYLAND_DISPLAY"] = FirstSocket(runtime, "wayland-*");
        _environment["SWAYSOCK"] = Path.Combine(runtime, FirstSocket(runtime, "sway-ipc.*.sock")!);
        await WaitForAsync($"sway's output {SwayConfigFiles.OutputName}", sway, async ct =>
        {
            var outputs = await CommandRunner.RunAsync("swaymsg", ["-t", "get_outputs", "-r"], _environment, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            return outputs.ExitCode == 0 && outputs.StandardOutput.Contains(SwayConfigFiles.OutputName, StringComparison.Ordinal);
        }, cancellationToken).ConfigureAwait(false);

        // 3. PipeWire, then WirePlumber, ready when WirePlumber is a PipeWire client
        var pipewire = Start("pipewire", [], "pipewire");
        await WaitForAsync("the PipeWire socket", pipewire, _ => Task.FromResult(File.Exists(Path.Combine(runtime, "pipewire-0"))), cancellationToken).ConfigureAwait(false);
        var wireplumber = Start("wireplumber", [], "wireplumber");
        await WaitForAsync("WirePlumber to connect to PipeWire", wireplumber, async ct =>
        {
            var clients = await CommandRunner.RunAsync("pw-cli", ["ls", "Client"], _environment, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            return clients.ExitCode == 0 && clients.StandardOutput.Contains("\"WirePlumber [export]\"", StringComparison.Ordinal);
        }, cancellationToken).ConfigureAwait(false);

        // 4. the portals: the permission store first (the portal and WirePlumber use it), the wlr backend, the frontend
        var store = Start("permission-store", [], "/usr/libexec/xdg-permission-store", "--replace");
        await WaitForAsync("xdg-permission-store on the bus", store, ct => BusHasNameAsync("org.freedesktop.impl.portal.PermissionStore", ct), cancellationToken).ConfigureAwait(false);
        var xdpwEnvironment = new Dictionary<string, string?>(_environment) { ["LD_PRELOAD"] = shim };
        var xdpw = Start("xdpw", [], "/usr/libexec/xdg-desktop-portal-wlr", xdpwEnvironment, "-l", "ERROR", "-c", Path.Combine(RunDirectory, "xdpw.conf"));
        await WaitForAsync("xdg-desktop-portal-wlr on the bus", xdpw, ct => BusHasNameAsync("org.freedesktop.impl.portal.desktop.wlr", ct), cancellationToken).ConfigureAwait(false);
        // only the wlr backend: other installed backends (GNOME's, KDE's) must not serve a sway session
        var portalEnvironment = new Dictionary<string, string?>(_environment)
        {
            ["XDG_DESKTOP_PORTAL_DIR"] = PortalBackendDirectory.Create(Path.Combine(RunDirectory, "portals"), "wlr"),
        };
        var portal = Start("xdp", [], "/usr/libexec/xdg-desktop-portal", portalEnvironment);
        await WaitForAsync("the ScreenCast portal", portal, async ct =>
        {
            var reply = await CommandRunner.RunAsync(
                "dbus-send",
                ["--session", "--print-reply=literal", "--dest=org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                 "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.portal.ScreenCast", "string:AvailableSourceTypes"],
                _environment,
                TimeSpan.FromSeconds(5),
                ct).ConfigureAwait(false);
            return reply.ExitCode == 0 && reply.StandardOutput.Contains("uint32", StringComparison.Ordinal);
        }, cancellationToken).ConfigureAwait(false);

        ServerEnvironment = new Dictionary<string, string?>
        {
            ["XDG_RUNTIME_DIR"] = runtime,
            ["DBUS_SESSION_BUS_ADDRESS"] = _environment["DBUS_SESSION_BUS_ADDRESS"],
            ["WAYLAND_DISPLAY"] = _environment["WAYLAND_DISPLAY"],
            ["SWAYSOCK"] = _environment["SWAYSOCK"],
            ["XDG_CURRENT_DESKTOP"] = "sway",
            ["XDG_SESSION_TYPE"] = "wayland",
            ["DISPLAY"] = null,
            ["I3SOCK"] = null,
            ["PIPEWIRE_REMOTE"] = null,
            ["PIPEWIRE_RUNTIME_DIR"] = null,
        };
    }

    /// <summary>What every component gets: this run's runtime dir, bus and XDG homes, wlroots' headless backend; none of the caller's display, PipeWire or wlwebrtc variables.</summary>
    private Dictionary<string, string?> ComponentEnvironment()
    {
        var environment = new Dictionary<string, string?>
        {
            ["XDG_RUNTIME_DIR"] = RuntimeDirectory,
            ["DBUS_SESSION_BUS_ADDRESS"] = "unix:path=" + Path.Combine(RuntimeDirectory, "bus"),
            ["XDG_CURRENT_DESKTOP"] = "sway",
            ["XDG_SESSION_TYPE"] = "wayland",
            ["XDG_CONFIG_HOME"] = Path.Combine(RunDirectory, "config"),
            ["XDG_STATE_HOME"] = Path.Combine(RunDirectory, "state"),
            ["XDG_CACHE_HOME"] = Path.Combine(RunDirectory, "cache"),
            ["XDG_DATA_HOME"] = Path.Combine(RunDirectory, "data"),
            ["WLR_BACKENDS"] = "headless",
            ["WLR_RENDERER"] = "pixman",
            ["WLR_LIBINPUT_NO_DEVICES"] = "1",
            ["DISPLAY"] = null,
            ["WAYLAND_DISPLAY"] = null,
            ["SWAYSOCK"] = null,
            ["I3SOCK"] = null,
            ["PIPEWIRE_REMOTE"] = null,
            ["PIPEWIRE_RUNTIME_DIR"] = null,
            ["LD_PRELOAD"] = null,

            // no system services (location, accounts) for the portal to wait on
            ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(RunDirectory, "no-system-bus"),
        };
        foreach (var name in Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith("WLWEBRTC_", StringComparison.Ordinal)))
        {
            environment[name] = null;
        }

        return environment;
    }

    private SessionProcess Start(string name, IReadOnlyList<string> prefix, string program, params string[] arguments) =>
        Start(name, prefix, program, _environment, arguments);

    private SessionProcess Start(string name, IReadOnlyList<string> prefix, string program, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var log = Path.Combine(RunDirectory, "logs", name + ".log");
        var process = SessionProcess.StartLogged(name, log, environment, prefix, program, arguments);
        _processes.Add(process);
        Log.ComponentStarted(_logger, name, process.Pid, log);
        return process;
    }

    private static async Task RequireAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunAsync(program, arguments, null, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new SessionStartException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    private async Task<bool> BusHasNameAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await CommandRunner.RunAsync(
            "dbus-send",
            ["--session", "--print-reply=literal", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:" + name],
            _environment,
            TimeSpan.FromSeconds(5),
            cancellationToken).ConfigureAwait(false);
        return reply.ExitCode == 0 && reply.StandardOutput.Contains("true", StringComparison.Ordinal);
    }

    /// <summary>Polls <paramref name="ready"/> until true; fails at the time limit or when <paramref name="component"/> exits, with its log.</summary>
    private async Task WaitForAsync(string what, SessionProcess component, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ready(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            if (component.HasExited)
            {
                throw new SessionStartException(
                    $"{component.Name} (pid {component.Pid}) exited with code {component.ExitCode} while waiting for {what}; last lines of {component.LogPath}:\n{component.LogTail()}");
            }

            if (clock.Elapsed > _options.ReadyTimeout)
            {
                throw new SessionStartException(
                    $"timed out after {_options.ReadyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s waiting for {what}; last lines of {component.LogPath}:\n{component.LogTail()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? FirstSocket(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFileName)
            .FirstOrDefault();

    private static partial class Log
    {
        [LoggerMessage(EventIds.ComponentStarted, LogLevel.Debug, "Headless session: started {Name} (pid {Pid}, log {LogPath})")]
        public static partial void ComponentStarted(ILogger logger, string name, int pid, string logPath);

        [LoggerMessage(EventIds.TearDownKilled, LogLevel.Debug, "Headless session: stopping {Count} process(es) the desktop started: {Pids}")]
        public static partial void TearDownKilled(ILogger logger, int count, string pids);
    }
}
