using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Unix;
using Xunit;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// What every headless session fixture shares: a private run directory and XDG_RUNTIME_DIR, a private session bus (no
/// activatable services), PipeWire with WirePlumber, the processes it started (stopped newest first, then every process
/// whose environment holds this run's XDG_RUNTIME_DIR), and readiness checks that fail with the component's log.
/// A subclass starts its compositor and services in <see cref="StartComponentsAsync"/>, in the order it needs.
/// </summary>
public abstract class HeadlessSession : IAsyncLifetime, IDisposable
{
    private readonly List<DesktopProcess> _processes = [];
    private readonly Lock _gate = new();
    private int _disposed;

    protected HeadlessSession(HeadlessDesktopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public HeadlessDesktopOptions Options { get; }

    /// <summary>This run's directory (logs, configs, the runtime dir).</summary>
    public string RunDirectory { get; private set; } = "";

    public string RuntimeDirectory => Path.Combine(RunDirectory, "xdg");

    public string DBusSessionBusAddress => WlWebRtc.Unix.SessionEnvironment.BusAddress(RuntimeDirectory);

    public string PipeWireSocket => Path.Combine(RuntimeDirectory, "pipewire-0");

    /// <summary>The compositor's Wayland socket name (e.g. wayland-0); empty until it runs.</summary>
    public string WaylandDisplay { get; protected set; } = "";

    /// <summary>How long the start took.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>The variables a client of this session needs: set the non-null ones, remove the null ones.</summary>
    public IReadOnlyDictionary<string, string?> Environment => SessionEnvironment;

    /// <summary>The components started so far, oldest first.</summary>
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

    /// <summary>The environment the subclass builds (see <see cref="BaseEnvironment"/>) and completes as components start.</summary>
    protected Dictionary<string, string?> SessionEnvironment { get; private set; } = [];

    /// <summary>The programs this session needs, with the Debian package of each (checked before anything starts).</summary>
    protected abstract IReadOnlyList<(string Program, string Package)> Programs { get; }

    /// <summary>Its value of XDG_CURRENT_DESKTOP.</summary>
    protected abstract string CurrentDesktop { get; }

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

    /// <summary>Live (non-zombie) processes whose environment holds this run's XDG_RUNTIME_DIR; empty after disposal.</summary>
    public IReadOnlyList<int> LiveProcessesOfRun() => ProcessTable.WithEnvironmentEntry("XDG_RUNTIME_DIR=" + RuntimeDirectory);

    /// <summary>Whether a pid is running and not a zombie.</summary>
    public static bool IsProcessAlive(int pid) => ProcessTable.IsAlive(pid);

    /// <summary>The component by name (e.g. "dbus", "pipewire", "sway", "mutter"), or throws.</summary>
    public DesktopProcess Component(string name) =>
        Processes.LastOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"No component named {name} in this session.");

    /// <summary>Runs a short command in the session's environment.</summary>
    public Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(program, arguments, SessionEnvironment, timeout ?? TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Whether a name is owned on the session's bus.</summary>
    public async Task<bool> BusHasNameAsync(string name, CancellationToken cancellationToken = default)
    {
        var reply = await ProcessRunner.RunAsync(
            "dbus-send",
            ["--session", "--print-reply=literal", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:" + name],
            SessionEnvironment,
            TimeSpan.FromSeconds(5),
            cancellationToken);
        return reply.ExitCode == 0 && reply.StandardOutput.Contains("true", StringComparison.Ordinal);
    }

    /// <summary>Starts a long-running program in the session (a Wayland client, a tool); it is stopped with the session.</summary>
    public DesktopProcess StartProcess(string name, string program, params string[] arguments)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var log = Path.Combine(RunDirectory, string.Create(CultureInfo.InvariantCulture, $"{name}-{System.Environment.TickCount64}.log"));
        var process = DesktopProcess.Start(name, log, SessionEnvironment, program, arguments);
        lock (_gate)
        {
            _processes.Add(process);
        }

        return process;
    }

    protected virtual void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0 || RunDirectory.Length == 0)
        {
            return;
        }

        TearDown(deleteRunDirectory: !Options.KeepRunDirectory);
    }

    /// <summary>Starts the session's components in <see cref="RunDirectory"/>; the environment starts as <see cref="BaseEnvironment"/>.</summary>
    protected abstract Task StartComponentsAsync(CancellationToken cancellationToken);

    /// <summary>Checks the machine before a run directory exists (e.g. /dev/shm for wl_shm buffers).</summary>
    protected virtual void CheckMachine()
    {
    }

    /// <summary>Starts the session for <c>StartAsync</c> factories: disposed if the start fails.</summary>
    protected static async Task<TSession> StartAsync<TSession>(TSession session, CancellationToken cancellationToken)
        where TSession : HeadlessSession
    {
        ArgumentNullException.ThrowIfNull(session);
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

    /// <summary>The private XDG_RUNTIME_DIR (mode 0700) and the XDG homes.</summary>
    protected void CreateRunDirectories()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("A headless session runs on Linux only.");
        }

        Directory.CreateDirectory(RuntimeDirectory);
        File.SetUnixFileMode(RuntimeDirectory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var sub in new[] { "config", "state", "cache", "data", "services" })
        {
            Directory.CreateDirectory(Path.Combine(RunDirectory, sub));
        }
    }

    /// <summary>The config files (the private bus's among them) and the session's environment (<see cref="BaseEnvironment"/>).</summary>
    protected void WriteSessionFiles()
    {
        DesktopConfigFiles.Write(RunDirectory, RuntimeDirectory, Options);
        SessionEnvironment = BaseEnvironment();
    }

    /// <summary>The private session bus, ready when it answers.</summary>
    protected async Task StartSessionBusAsync(CancellationToken cancellationToken)
    {
        var dbus = StartProcess("dbus", "dbus-daemon", "--config-file=" + Path.Combine(RunDirectory, "dbus.conf"), "--nofork", "--nopidfile");
        await WaitForAsync("the D-Bus socket", dbus, _ => Task.FromResult(File.Exists(Path.Combine(RuntimeDirectory, "bus"))), cancellationToken);
        await WaitForAsync("the D-Bus daemon to answer", dbus, ct => BusHasNameAsync("org.freedesktop.DBus", ct), cancellationToken);
    }

    /// <summary>PipeWire on its default socket, then WirePlumber, ready when WirePlumber is a PipeWire client.</summary>
    protected async Task StartPipeWireAsync(CancellationToken cancellationToken)
    {
        var pipewire = StartProcess("pipewire", "pipewire");
        await WaitForAsync("the PipeWire socket", pipewire, _ => Task.FromResult(File.Exists(PipeWireSocket)), cancellationToken);
        var wireplumber = StartProcess("wireplumber", "wireplumber");
        await WaitForAsync("WirePlumber to connect to PipeWire", wireplumber, async ct =>
        {
            var clients = await ProcessRunner.RunAsync("pw-cli", ["ls", "Client"], SessionEnvironment, TimeSpan.FromSeconds(5), ct);
            return clients.ExitCode == 0 && clients.StandardOutput.Contains("\"WirePlumber [export]\"", StringComparison.Ordinal);
        }, cancellationToken);
    }

    /// <summary>What every session sets (its runtime dir, bus, XDG homes) and removes (the caller's display, compositor and PipeWire variables).</summary>
    protected virtual Dictionary<string, string?> BaseEnvironment() => WlWebRtc.Unix.SessionEnvironment.Isolated(RuntimeDirectory, RunDirectory, CurrentDesktop);

    /// <summary>The first socket in <paramref name="directory"/> matching <paramref name="pattern"/> (lock files aside), by name.</summary>
    protected static string? FirstSocket(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFileName)
            .FirstOrDefault();

    /// <summary>Polls <paramref name="ready"/> until true; fails at the time limit or when <paramref name="component"/> exits, with its log.</summary>
    protected async Task WaitForAsync(string what, DesktopProcess? component, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await ready(cancellationToken))
            {
                return;
            }

            if (component is { IsRunning: false })
            {
                throw new HeadlessDesktopException(
                    $"{component.Name} (pid {component.Pid}) exited with code {component.ExitCode} while waiting for {what}. Last lines of {component.LogPath}:\n{component.LogTail()}");
            }

            if (clock.Elapsed > Options.ReadyTimeout)
            {
                var log = component is null ? "" : $" Last lines of {component.LogPath}:\n{component.LogTail()}";
                throw new HeadlessDesktopException($"Timed out after {Options.ReadyTimeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s waiting for {what}.{log}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        RequiredPrograms.EnsurePresent(Programs);
        CheckMachine();
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

    private void TearDown(bool deleteRunDirectory)
    {
        List<DesktopProcess> started;
        lock (_gate)
        {
            started = [.. _processes];
            _processes.Clear();
        }

        // newest first: clients, then services, the compositor, PipeWire, the bus
        for (var i = started.Count - 1; i >= 0; i--)
        {
            started[i].Dispose();
        }

        // then whatever they started (swaybg, activated helpers), found by this run's unique runtime dir
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
