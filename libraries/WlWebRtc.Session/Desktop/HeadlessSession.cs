using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.Session.Processes;
using WlWebRtc.Session.Sway;
using WlWebRtc.Unix;

namespace WlWebRtc.Session.Desktop;

/// <summary>
/// One run of a headless desktop, whatever its compositor: a private XDG_RUNTIME_DIR under <c>RUN/xdg</c>, a private
/// session bus (no activatable services), PipeWire and WirePlumber, and the components a compositor role adds
/// (<see cref="SwaySession"/>, <see cref="Mutter.MutterSession"/>). Disposal stops what it started, newest first, then
/// every process whose environment holds this run's XDG_RUNTIME_DIR (what the desktop's programs started).
/// </summary>
internal abstract partial class HeadlessSession : IDisposable
{
    private static readonly TimeSpan ComponentGrace = TimeSpan.FromSeconds(3);

    private readonly List<SessionProcess> _processes = [];
    private readonly List<SessionProcess> _clients = [];
    private int _disposed;

    protected HeadlessSession(SessionOptions options, string runDirectory, ILogger logger)
    {
        Options = options;
        RunDirectory = runDirectory;
        Logger = logger;
    }

    /// <summary>The compositor's name in logs (sway, mutter).</summary>
    public abstract string CompositorName { get; }

    public string RunDirectory { get; }

    public string RuntimeDirectory => Path.Combine(RunDirectory, "xdg");

    /// <summary>The variable every process of this run carries (how teardown finds what the desktop started).</summary>
    public string Marker => "XDG_RUNTIME_DIR=" + RuntimeDirectory;

    /// <summary>The variables the streaming server needs to attach to this session (null removes one).</summary>
    public IReadOnlyDictionary<string, string?> ServerEnvironment { get; protected set; } = new Dictionary<string, string?>();

    /// <summary>The components that make the session: when one exits, the session is dead (start-up clients are not among them).</summary>
    public IReadOnlyList<SessionProcess> Components => _processes;

    protected SessionOptions Options { get; }

    protected ILogger Logger { get; }

    /// <summary>What components get (<see cref="ComponentEnvironment"/>), plus what the session learned while starting (WAYLAND_DISPLAY).</summary>
    protected Dictionary<string, string?> Environment { get; private set; } = [];

    /// <summary>XDG_CURRENT_DESKTOP of the session's programs.</summary>
    protected abstract string CurrentDesktop { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // newest first: clients, the portals, the compositor, WirePlumber, PipeWire, the bus
        for (var i = _clients.Count - 1; i >= 0; i--)
        {
            _clients[i].Dispose();
        }

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

            Log.TearDownKilled(Logger, left.Count, string.Join(' ', left));
            foreach (var pid in left)
            {
                ProcessTable.Terminate(pid, ComponentGrace);
            }
        }
    }

    /// <summary>Starts the run's components (the session is disposed by the caller if this throws).</summary>
    public async Task StartAsync(SessionAccount account, CancellationToken cancellationToken)
    {
        await WriteFilesAsync(cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(RunDirectory, "dbus.conf"), SwayConfigFiles.Bus(RuntimeDirectory, Path.Combine(RunDirectory, "services")), cancellationToken).ConfigureAwait(false);
        if (account.IsOtherUser)
        {
            // the desktop's user owns the run (its runtime dir, homes and sockets); root's services reach it anyway
            await RequireAsync("chown", ["-R", string.Create(CultureInfo.InvariantCulture, $"{account.Uid}:{account.Gid}"), RunDirectory], cancellationToken).ConfigureAwait(false);
        }

        Environment = ComponentEnvironment();

        // the private session bus
        var bus = Start("dbus", [], "dbus-daemon", "--config-file=" + Path.Combine(RunDirectory, "dbus.conf"), "--nofork", "--nopidfile");
        await WaitForAsync("the D-Bus socket", bus, _ => Task.FromResult(File.Exists(Path.Combine(RuntimeDirectory, "bus"))), cancellationToken).ConfigureAwait(false);
        await WaitForAsync("the D-Bus daemon to answer", bus, ct => BusHasNameAsync("org.freedesktop.DBus", ct), cancellationToken).ConfigureAwait(false);
        await StartComponentsAsync(account, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes the compositor's config files into <see cref="RunDirectory"/> (before it is handed to the desktop's user).</summary>
    protected abstract Task WriteFilesAsync(CancellationToken cancellationToken);

    /// <summary>Starts the compositor, PipeWire, WirePlumber and what else the compositor needs, on the running bus; sets <see cref="ServerEnvironment"/>.</summary>
    protected abstract Task StartComponentsAsync(SessionAccount account, CancellationToken cancellationToken);

    /// <summary>The environment of a program run as the desktop's user: its home and shell (the terminal's programs inherit them).</summary>
    protected Dictionary<string, string?> AccountEnvironment(SessionAccount account) => new(Environment)
    {
        ["HOME"] = account.Home ?? Path.Combine(RunDirectory, "home"),
        ["USER"] = account.Name,
        ["LOGNAME"] = account.Name,
        ["SHELL"] = account.Shell,
    };

    /// <summary>PipeWire, then WirePlumber, ready when WirePlumber is a PipeWire client; as the accounts <paramref name="prefix"/> names.</summary>
    protected async Task StartPipeWireAsync(IReadOnlyList<string> prefix, IReadOnlyDictionary<string, string?> environment, CancellationToken cancellationToken)
    {
        var pipewire = Start("pipewire", prefix, "pipewire", environment);
        await WaitForAsync("the PipeWire socket", pipewire, _ => Task.FromResult(File.Exists(Path.Combine(RuntimeDirectory, "pipewire-0"))), cancellationToken).ConfigureAwait(false);
        var wireplumber = Start("wireplumber", prefix, "wireplumber", environment);
        await WaitForAsync("WirePlumber to connect to PipeWire", wireplumber, async ct =>
        {
            var clients = await CommandRunner.RunAsync("pw-cli", ["ls", "Client"], Environment, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            return clients.ExitCode == 0 && clients.StandardOutput.Contains("\"WirePlumber [export]\"", StringComparison.Ordinal);
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The variables of the streaming server: this run's runtime dir, bus and display; none of the caller's.</summary>
    protected Dictionary<string, string?> BaseServerEnvironment() => new()
    {
        ["XDG_RUNTIME_DIR"] = RuntimeDirectory,
        ["DBUS_SESSION_BUS_ADDRESS"] = Environment["DBUS_SESSION_BUS_ADDRESS"],
        ["WAYLAND_DISPLAY"] = Environment["WAYLAND_DISPLAY"],
        ["XDG_CURRENT_DESKTOP"] = CurrentDesktop,
        ["XDG_SESSION_TYPE"] = "wayland",
        ["DISPLAY"] = null,
        ["SWAYSOCK"] = null,
        ["I3SOCK"] = null,
        ["PIPEWIRE_REMOTE"] = null,
        ["PIPEWIRE_RUNTIME_DIR"] = null,
    };

    /// <summary>What every component gets: this run's runtime dir, bus and XDG homes; none of the caller's display, PipeWire or wlwebrtc variables.</summary>
    protected virtual Dictionary<string, string?> ComponentEnvironment()
    {
        var environment = SessionEnvironment.Isolated(RuntimeDirectory, RunDirectory, CurrentDesktop);
        environment["LD_PRELOAD"] = null;
        foreach (var name in System.Environment.GetEnvironmentVariables().Keys.OfType<string>().Where(n => n.StartsWith("WLWEBRTC_", StringComparison.Ordinal)))
        {
            environment[name] = null;
        }

        return environment;
    }

    protected SessionProcess Start(string name, IReadOnlyList<string> prefix, string program, params string[] arguments) =>
        Start(name, prefix, program, Environment, arguments);

    protected SessionProcess Start(string name, IReadOnlyList<string> prefix, string program, IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var process = StartLogged(name, prefix, program, environment, arguments);
        _processes.Add(process);
        return process;
    }

    /// <summary>Starts a program of the desktop (a start-up client): stopped with the session, but its exit does not end it.</summary>
    protected void StartClient(string name, IReadOnlyList<string> prefix, string program, IReadOnlyDictionary<string, string?> environment, params string[] arguments) =>
        _clients.Add(StartLogged(name, prefix, program, environment, arguments));

    private SessionProcess StartLogged(string name, IReadOnlyList<string> prefix, string program, IReadOnlyDictionary<string, string?> environment, string[] arguments)
    {
        var log = Path.Combine(RunDirectory, "logs", name + ".log");
        var process = SessionProcess.StartLogged(name, log, environment, prefix, program, arguments);
        Log.ComponentStarted(Logger, name, process.Pid, log);
        return process;
    }

    protected static async Task RequireAsync(string program, string[] arguments, CancellationToken cancellationToken)
    {
        var result = await CommandRunner.RunAsync(program, arguments, null, TimeSpan.FromSeconds(30), cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new SessionStartException($"{program} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError.Trim()}");
        }
    }

    protected async Task<bool> BusHasNameAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await CommandRunner.RunAsync(
            "dbus-send",
            ["--session", "--print-reply=literal", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:" + name],
            Environment,
            TimeSpan.FromSeconds(5),
            cancellationToken).ConfigureAwait(false);
        return reply.ExitCode == 0 && reply.StandardOutput.Contains("true", StringComparison.Ordinal);
    }

    /// <summary>Polls <paramref name="ready"/> until true; fails at the time limit or when <paramref name="component"/> exits, with its log.</summary>
    protected async Task WaitForAsync(string what, SessionProcess component, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(component);
        ArgumentNullException.ThrowIfNull(ready);
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

            if (clock.Elapsed > Options.ReadyTimeout)
            {
                throw new SessionStartException(
                    $"timed out after {Options.ReadyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s waiting for {what}; last lines of {component.LogPath}:\n{component.LogTail()}");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }

    protected static string? FirstSocket(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFileName)
            .FirstOrDefault();

    /// <summary>Moves the previous run's files to run.previous and makes an empty run directory with its subfolders.</summary>
    public static string PrepareRunDirectory(string directory)
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

    /// <summary>Compositors and Wayland clients allocate wl_shm buffers with shm_open().</summary>
    public static void EnsureSharedMemory()
    {
        const string Shm = "/dev/shm";
        const UnixFileMode Needed = UnixFileMode.StickyBit | UnixFileMode.OtherWrite;
        if (!Directory.Exists(Shm) || (File.GetUnixFileMode(Shm) & Needed) != Needed)
        {
            throw new SessionStartException("/dev/shm must be a writable tmpfs with mode 1777 (mount -t tmpfs -o mode=1777 shm /dev/shm)");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ComponentStarted, LogLevel.Debug, "Headless session: started {Name} (pid {Pid}, log {LogPath})")]
        public static partial void ComponentStarted(ILogger logger, string name, int pid, string logPath);

        [LoggerMessage(EventIds.TearDownKilled, LogLevel.Debug, "Headless session: stopping {Count} process(es) the desktop started: {Pids}")]
        public static partial void TearDownKilled(ILogger logger, int count, string pids);
    }
}
