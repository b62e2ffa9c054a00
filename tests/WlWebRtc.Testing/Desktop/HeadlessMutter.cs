using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// A real headless GNOME session for integration tests: a private session bus (no activatable services), PipeWire,
/// WirePlumber and mutter (<c>--headless --wayland --no-x11 --virtual-monitor WxH</c>, as root, in-memory GSettings)
/// inside a private XDG_RUNTIME_DIR. Ready when mutter's Wayland socket exists and it owns
/// <c>org.gnome.Mutter.ScreenCast</c> and <c>org.gnome.Mutter.RemoteDesktop</c>. The virtual monitor's connector
/// is <see cref="ConnectorName"/>. Built from the same pieces as <see cref="HeadlessDesktop"/> (run directories,
/// the bus config, process start and teardown by the run's XDG_RUNTIME_DIR). With <c>withMutter: false</c> only the
/// bus, PipeWire and WirePlumber run: a session where Mutter's API is absent.
/// </summary>
public class HeadlessMutter : IAsyncLifetime, IDisposable
{
    /// <summary>The connector of mutter's first virtual monitor.</summary>
    public const string ConnectorName = "Meta-0";

    public const string ScreenCastName = "org.gnome.Mutter.ScreenCast";

    public const string RemoteDesktopName = "org.gnome.Mutter.RemoteDesktop";

    private static readonly IReadOnlyList<(string Program, string Package)> Programs =
    [
        ("dbus-daemon", "dbus-daemon"),
        ("dbus-send", "dbus-bin"),
        ("pipewire", "pipewire-bin"),
        ("wireplumber", "wireplumber"),
        ("pw-cli", "pipewire-bin"),
    ];

    private readonly List<DesktopProcess> _processes = [];
    private readonly Lock _gate = new();
    private readonly bool _withMutter;
    private Dictionary<string, string?> _environment = [];
    private int _disposed;

    public HeadlessMutter()
        : this(new HeadlessDesktopOptions(), withMutter: true)
    {
    }

    protected HeadlessMutter(HeadlessDesktopOptions options, bool withMutter)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
        _withMutter = withMutter;
    }

    /// <summary>Width and height give the virtual monitor's size; Background and MaxFps are not used.</summary>
    public HeadlessDesktopOptions Options { get; }

    public string RunDirectory { get; private set; } = "";

    public string RuntimeDirectory => Path.Combine(RunDirectory, "xdg");

    public string DBusSessionBusAddress => "unix:path=" + Path.Combine(RuntimeDirectory, "bus");

    public string PipeWireSocket => Path.Combine(RuntimeDirectory, "pipewire-0");

    /// <summary>mutter's Wayland socket name (e.g. wayland-0); empty without mutter.</summary>
    public string WaylandDisplay { get; private set; } = "";

    /// <summary>How long the start took.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The variables a client of this session needs: set the non-null ones, remove the null ones.</summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    public IReadOnlyList<DesktopProcess> Processes
    {
        get
        {
            lock (_gate)
            {
                return [.. _processes];
            }
        }
    }

    /// <summary>Starts a session; <paramref name="withMutter"/> false gives a plain bus with PipeWire and no Mutter.</summary>
    public static async Task<HeadlessMutter> StartAsync(HeadlessDesktopOptions options, bool withMutter = true, CancellationToken cancellationToken = default)
    {
        var session = new HeadlessMutter(options, withMutter);
        try
        {
            await session.StartCoreAsync(cancellationToken);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    public Task InitializeAsync() => StartCoreAsync(CancellationToken.None);

    Task IAsyncLifetime.DisposeAsync()
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || RunDirectory.Length == 0)
        {
            return;
        }

        TearDown(deleteRunDirectory: !Options.KeepRunDirectory);
    }

    /// <summary>Live processes whose environment holds this run's XDG_RUNTIME_DIR; empty after disposal.</summary>
    public IReadOnlyList<int> LiveProcessesOfRun() => ProcessTable.WithEnvironmentEntry("XDG_RUNTIME_DIR=" + RuntimeDirectory);

    /// <summary>The component by name ("dbus", "pipewire", "wireplumber", "mutter"), or throws.</summary>
    public DesktopProcess Component(string name) =>
        Processes.LastOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"No session component named {name}.");

    /// <summary>Runs a short command in the session's environment.</summary>
    public Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(program, arguments, _environment, timeout ?? TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Whether a name is owned on the session's bus.</summary>
    public async Task<bool> BusHasNameAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await ProcessRunner.RunAsync(
            "dbus-send",
            ["--session", "--print-reply=literal", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:" + name],
            _environment,
            TimeSpan.FromSeconds(5),
            cancellationToken);
        return reply.ExitCode == 0 && reply.StandardOutput.Contains("true", StringComparison.Ordinal);
    }

    /// <summary>Starts a long-running program in the session; it is stopped with the session.</summary>
    public DesktopProcess StartProcess(string name, string program, params string[] arguments)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var log = Path.Combine(RunDirectory, string.Create(CultureInfo.InvariantCulture, $"{name}-{System.Environment.TickCount64}.log"));
        var process = DesktopProcess.Start(name, log, _environment, program, arguments);
        lock (_gate)
        {
            _processes.Add(process);
        }

        return process;
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        RequiredPrograms.EnsurePresent(_withMutter ? [.. Programs, ("mutter", "mutter")] : Programs);
        Directory.CreateDirectory(Options.BaseDirectory);
        StaleRuns.Clean(Options.BaseDirectory);
        RunDirectory = StaleRuns.Create(Options.BaseDirectory);
        try
        {
            await StartComponentsAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is HeadlessDesktopException or OperationCanceledException)
        {
            TearDown(deleteRunDirectory: false);
            Interlocked.Exchange(ref _disposed, 1);
            throw new HeadlessDesktopException($"{exception.Message} (logs kept in {RunDirectory})", exception);
        }

        StartupTime = clock.Elapsed;
    }

    private async Task StartComponentsAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The headless GNOME session runs on Linux only.");
        }

        var runtime = RuntimeDirectory;
        Directory.CreateDirectory(runtime);
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var sub in new[] { "config", "state", "cache", "data", "services" })
        {
            Directory.CreateDirectory(Path.Combine(RunDirectory, sub));
        }

        // the sway and xdpw files it also writes are unused here; dbus.conf is the same private bus
        DesktopConfigFiles.Write(RunDirectory, runtime, Options);
        _environment = BaseEnvironment();

        var dbus = StartProcess("dbus", "dbus-daemon", "--config-file=" + Path.Combine(RunDirectory, "dbus.conf"), "--nofork", "--nopidfile");
        await WaitForAsync("the D-Bus socket", dbus, _ => Task.FromResult(File.Exists(Path.Combine(runtime, "bus"))), cancellationToken);
        await WaitForAsync("the D-Bus daemon to answer", dbus, ct => BusHasNameAsync("org.freedesktop.DBus", ct), cancellationToken);

        // mutter's screen cast publishes its streams on PipeWire's default socket: PipeWire first
        var pipewire = StartProcess("pipewire", "pipewire");
        await WaitForAsync("the PipeWire socket", pipewire, _ => Task.FromResult(File.Exists(PipeWireSocket)), cancellationToken);
        var wireplumber = StartProcess("wireplumber", "wireplumber");
        await WaitForAsync("WirePlumber to connect to PipeWire", wireplumber, async ct =>
        {
            var clients = await ProcessRunner.RunAsync("pw-cli", ["ls", "Client"], _environment, TimeSpan.FromSeconds(5), ct);
            return clients.ExitCode == 0 && clients.StandardOutput.Contains("\"WirePlumber [export]\"", StringComparison.Ordinal);
        }, cancellationToken);

        if (!_withMutter)
        {
            return;
        }

        // --no-x11: there is no Xwayland; in-memory GSettings: no dconf service on a private bus
        var mutter = StartProcess(
            "mutter",
            "env",
            "GSETTINGS_BACKEND=memory",
            "XDG_CURRENT_DESKTOP=GNOME",
            "mutter",
            "--headless",
            "--wayland",
            "--no-x11",
            "--virtual-monitor",
            string.Create(CultureInfo.InvariantCulture, $"{Options.Width}x{Options.Height}"));
        await WaitForAsync("mutter's Wayland socket", mutter, _ => Task.FromResult(FirstSocket(runtime, "wayland-*") is not null), cancellationToken);
        WaylandDisplay = FirstSocket(runtime, "wayland-*")!;
        _environment["WAYLAND_DISPLAY"] = WaylandDisplay;
        await WaitForAsync(ScreenCastName + " on the bus", mutter, ct => BusHasNameAsync(ScreenCastName, ct), cancellationToken);
        await WaitForAsync(RemoteDesktopName + " on the bus", mutter, ct => BusHasNameAsync(RemoteDesktopName, ct), cancellationToken);
    }

    private Dictionary<string, string?> BaseEnvironment() => new()
    {
        ["XDG_RUNTIME_DIR"] = RuntimeDirectory,
        ["DBUS_SESSION_BUS_ADDRESS"] = DBusSessionBusAddress,
        ["XDG_CURRENT_DESKTOP"] = "GNOME",
        ["XDG_SESSION_TYPE"] = "wayland",
        ["XDG_CONFIG_HOME"] = Path.Combine(RunDirectory, "config"),
        ["XDG_STATE_HOME"] = Path.Combine(RunDirectory, "state"),
        ["XDG_CACHE_HOME"] = Path.Combine(RunDirectory, "cache"),
        ["XDG_DATA_HOME"] = Path.Combine(RunDirectory, "data"),
        ["DISPLAY"] = null,
        ["WAYLAND_DISPLAY"] = null,
        ["SWAYSOCK"] = null,
        ["I3SOCK"] = null,
        ["PIPEWIRE_REMOTE"] = null,
        ["PIPEWIRE_RUNTIME_DIR"] = null,
        ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(RunDirectory, "no-system-bus"),
    };

    private static string? FirstSocket(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFileName)
            .FirstOrDefault();

    private async Task WaitForAsync(string what, DesktopProcess component, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ready(cancellationToken))
            {
                return;
            }

            if (!component.IsRunning)
            {
                throw new HeadlessDesktopException(
                    $"{component.Name} (pid {component.Pid}) exited with code {component.ExitCode} while waiting for {what}. Last lines of {component.LogPath}:\n{component.LogTail()}");
            }

            if (clock.Elapsed > Options.ReadyTimeout)
            {
                throw new HeadlessDesktopException(
                    $"Timed out after {Options.ReadyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s waiting for {what}. Last lines of {component.LogPath}:\n{component.LogTail()}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private void TearDown(bool deleteRunDirectory)
    {
        List<DesktopProcess> started;
        lock (_gate)
        {
            started = [.. _processes];
            _processes.Clear();
        }

        // newest first: clients, mutter, WirePlumber, PipeWire, the bus
        for (var i = started.Count - 1; i >= 0; i--)
        {
            started[i].Dispose();
        }

        StaleRuns.KillMarked(RuntimeDirectory);
        if (deleteRunDirectory)
        {
            StaleRuns.Delete(RunDirectory);
        }
        else
        {
            StaleRuns.MarkKept(RunDirectory);
        }
    }
}
