using System.Diagnostics;
using System.Globalization;
using Xunit;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// A real headless Wayland desktop for integration tests: a private session bus (no activatable services),
/// sway (headless backend, pixman renderer, not as root), PipeWire, WirePlumber, xdg-permission-store,
/// xdg-desktop-portal-wlr (with <see cref="XdpwShim"/>) and xdg-desktop-portal, all inside a private
/// XDG_RUNTIME_DIR. Use it as an xunit collection fixture (declare, in the test assembly,
/// <c>[CollectionDefinition("desktop")] public sealed class DesktopGroup : ICollectionFixture&lt;HeadlessDesktop&gt;;</c>),
/// or start one with <see cref="StartAsync"/>. Disposal stops everything it started: the recorded processes,
/// then every process whose environment holds this run's XDG_RUNTIME_DIR.
/// </summary>
public class HeadlessDesktop : IAsyncLifetime, IDisposable
{
    public const string OutputName = "HEADLESS-1";

    private readonly List<DesktopProcess> _processes = [];
    private readonly Lock _gate = new();
    private Dictionary<string, string?> _environment = [];
    private int _disposed;

    public HeadlessDesktop()
        : this(new HeadlessDesktopOptions())
    {
    }

    protected HeadlessDesktop(HeadlessDesktopOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        Options = options;
    }

    public HeadlessDesktopOptions Options { get; }

    /// <summary>This run's directory (logs, configs, the runtime dir).</summary>
    public string RunDirectory { get; private set; } = "";

    public string RuntimeDirectory => Path.Combine(RunDirectory, "xdg");

    public string DBusSessionBusAddress => "unix:path=" + Path.Combine(RuntimeDirectory, "bus");

    public string PipeWireSocket => Path.Combine(RuntimeDirectory, "pipewire-0");

    public string WaylandDisplay { get; private set; } = "";

    public string SwaySocket { get; private set; } = "";

    /// <summary>How sway was made to run without root: "userns" or "setpriv".</summary>
    public string SwayMode { get; private set; } = "";

    /// <summary>Output size now (changes with <see cref="SetOutputModeAsync"/>).</summary>
    public (int Width, int Height) OutputSize { get; private set; }

    /// <summary>How long <see cref="InitializeAsync"/> took.</summary>
    public TimeSpan StartupTime { get; private set; }

    /// <summary>
    /// The variables a desktop client needs: set the non-null ones and remove the null ones
    /// (XDG_RUNTIME_DIR, DBUS_SESSION_BUS_ADDRESS, WAYLAND_DISPLAY, SWAYSOCK, XDG_* homes, …).
    /// </summary>
    public IReadOnlyDictionary<string, string?> Environment => _environment;

    /// <summary>The components started so far (dbus, sway, pipewire, wireplumber, permission-store, xdpw, xdp, clients).</summary>
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

    public static async Task<HeadlessDesktop> StartAsync(HeadlessDesktopOptions options, CancellationToken cancellationToken = default)
    {
        var desktop = new HeadlessDesktop(options);
        try
        {
            await desktop.StartCoreAsync(cancellationToken);
            return desktop;
        }
        catch
        {
            desktop.Dispose();
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

    /// <summary>Live (non-zombie) processes whose environment holds this run's XDG_RUNTIME_DIR; empty after disposal.</summary>
    public IReadOnlyList<int> LiveProcessesOfRun() => ProcessTable.WithEnvironmentEntry("XDG_RUNTIME_DIR=" + RuntimeDirectory);

    /// <summary>Whether a pid is running and not a zombie.</summary>
    public static bool IsProcessAlive(int pid) => ProcessTable.IsAlive(pid);

    /// <summary>The component by name (e.g. "sway"), or throws.</summary>
    public DesktopProcess Component(string name) =>
        Processes.LastOrDefault(p => p.Name == name) ?? throw new InvalidOperationException($"No desktop component named {name}.");

    /// <summary>Runs swaymsg with the desktop's SWAYSOCK; throws with its output when it fails.</summary>
    public async Task<string> SwayMsgAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("swaymsg", arguments, _environment, TimeSpan.FromSeconds(10), CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new HeadlessDesktopException($"swaymsg {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardOutput}{result.StandardError}");
        }

        return result.StandardOutput;
    }

    /// <summary>Runs a short command in the desktop's environment.</summary>
    public Task<CommandResult> RunAsync(string program, IEnumerable<string> arguments, TimeSpan? timeout = null, CancellationToken cancellationToken = default) =>
        ProcessRunner.RunAsync(program, arguments, _environment, timeout ?? TimeSpan.FromSeconds(30), cancellationToken);

    /// <summary>Sets the background of every output to a solid colour (#rrggbb).</summary>
    public Task SetBackgroundAsync(string colour)
    {
        if (!HeadlessDesktopOptions.IsColour(colour))
        {
            throw new ArgumentException($"Colour must be #rrggbb, not '{colour}'.", nameof(colour));
        }

        return SwayMsgAsync("output", "*", "bg", colour, "solid_color");
    }

    /// <summary>Sets HEADLESS-1's mode and waits until sway reports it.</summary>
    public async Task SetOutputModeAsync(int width, int height)
    {
        await SwayMsgAsync("output", OutputName, "mode", $"{width}x{height}");
        await WaitForAsync($"{OutputName} at {width}x{height}", null, async ct => await CurrentModeAsync(ct) == (width, height), CancellationToken.None);
        OutputSize = (width, height);
    }

    /// <summary>Starts a long-running program in the desktop (a Wayland client, a tool); it is stopped with the desktop.</summary>
    public DesktopProcess StartProcess(string name, string program, params string[] arguments)
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var log = Path.Combine(RunDirectory, $"{name}-{System.Environment.TickCount64}.log");
        var process = DesktopProcess.Start(name, log, _environment, program, arguments);
        lock (_gate)
        {
            _processes.Add(process);
        }

        return process;
    }

    /// <summary>
    /// Starts a foot terminal (app id <paramref name="appId"/>) running <paramref name="command"/> (or a shell)
    /// and waits until its window is mapped.
    /// </summary>
    public async Task<DesktopProcess> StartFootAsync(string appId, params string[] command)
    {
        RequiredPrograms.EnsurePresent([("foot", "foot")]);
        var foot = StartProcess("foot-" + appId, "foot", ["-a", appId, .. command]);
        await WaitForAsync($"foot window {appId}", foot, async ct =>
        {
            var tree = await ProcessRunner.RunAsync("swaymsg", ["-t", "get_tree", "-r"], _environment, TimeSpan.FromSeconds(5), ct);
            return tree.ExitCode == 0 && tree.StandardOutput.Contains($"\"app_id\": \"{appId}\"", StringComparison.Ordinal);
        }, CancellationToken.None);
        return foot;
    }

    /// <summary>A foot terminal that prints lines as fast as it can: a screen that changes continuously.</summary>
    public Task<DesktopProcess> StartScrollingTerminalAsync(string appId = "scroller") =>
        StartFootAsync(appId, "sh", "-c", "while :; do date +%T.%N; sleep 0.002; done");

    private async Task StartCoreAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        RequiredPrograms.EnsurePresent(RequiredPrograms.All);
        EnsureSharedMemory();
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
            throw new PlatformNotSupportedException("The headless desktop runs on Linux only.");
        }

        var runtime = RuntimeDirectory;
        Directory.CreateDirectory(runtime);
        File.SetUnixFileMode(runtime, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        foreach (var sub in new[] { "config", "state", "cache", "data", "services" })
        {
            Directory.CreateDirectory(Path.Combine(RunDirectory, sub));
        }

        var shim = await XdpwShim.EnsureBuiltAsync(Options.BaseDirectory, cancellationToken);
        var swayPrefix = await ChooseSwayModeAsync(cancellationToken);
        DesktopConfigFiles.Write(RunDirectory, runtime, Options);
        _environment = BaseEnvironment();

        // 1. private session bus
        var dbus = StartProcess("dbus", "dbus-daemon", "--config-file=" + Path.Combine(RunDirectory, "dbus.conf"), "--nofork", "--nopidfile");
        await WaitForAsync("the D-Bus socket", dbus, _ => Task.FromResult(File.Exists(Path.Combine(runtime, "bus"))), cancellationToken);
        await WaitForAsync("the D-Bus daemon to answer", dbus, ct => CommandSucceedsAsync("dbus-send", ["--session", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.GetId"], ct), cancellationToken);

        // 2. sway
        var sway = StartProcess("sway", swayPrefix[0], [.. swayPrefix.Skip(1), "sway", "-c", Path.Combine(RunDirectory, "sway.conf")]);
        await WaitForAsync("the Wayland socket", sway, _ => Task.FromResult(FirstSocket(runtime, "wayland-*") is not null), cancellationToken);
        WaylandDisplay = FirstSocket(runtime, "wayland-*")!;
        await WaitForAsync("the sway IPC socket", sway, _ => Task.FromResult(FirstSocket(runtime, "sway-ipc.*.sock") is not null), cancellationToken);
        SwaySocket = Path.Combine(runtime, FirstSocket(runtime, "sway-ipc.*.sock")!);
        _environment["WAYLAND_DISPLAY"] = WaylandDisplay;
        _environment["SWAYSOCK"] = SwaySocket;
        await WaitForAsync($"{OutputName} at {Options.Width}x{Options.Height}", sway, async ct => await CurrentModeAsync(ct) == (Options.Width, Options.Height), cancellationToken);
        OutputSize = (Options.Width, Options.Height);

        // 3. PipeWire and WirePlumber
        var pipewire = StartProcess("pipewire", "pipewire");
        await WaitForAsync("the PipeWire socket", pipewire, _ => Task.FromResult(File.Exists(PipeWireSocket)), cancellationToken);
        var wireplumber = StartProcess("wireplumber", "wireplumber");
        await WaitForAsync("WirePlumber to connect to PipeWire", wireplumber, async ct =>
        {
            var clients = await ProcessRunner.RunAsync("pw-cli", ["ls", "Client"], _environment, TimeSpan.FromSeconds(5), ct);
            return clients.ExitCode == 0 && clients.StandardOutput.Contains("\"WirePlumber [export]\"", StringComparison.Ordinal);
        }, cancellationToken);

        // 4. portals: the permission store first (xdp and WirePlumber use it), then the wlr backend, then the frontend
        var store = StartProcess("permission-store", "/usr/libexec/xdg-permission-store", "--replace");
        await WaitForAsync("xdg-permission-store on the bus", store, ct => BusHasNameAsync("org.freedesktop.impl.portal.PermissionStore", ct), cancellationToken);
        var xdpw = StartProcess("xdpw", "env", "LD_PRELOAD=" + shim, "/usr/libexec/xdg-desktop-portal-wlr", "-l", "ERROR", "-c", Path.Combine(RunDirectory, "xdpw.conf"));
        await WaitForAsync("xdg-desktop-portal-wlr on the bus", xdpw, ct => BusHasNameAsync("org.freedesktop.impl.portal.desktop.wlr", ct), cancellationToken);
        var xdp = StartProcess("xdp", "/usr/libexec/xdg-desktop-portal");
        await WaitForAsync("the ScreenCast portal", xdp, async ct =>
        {
            var reply = await ProcessRunner.RunAsync(
                "dbus-send",
                ["--session", "--print-reply=literal", "--dest=org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                 "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.portal.ScreenCast", "string:AvailableSourceTypes"],
                _environment,
                TimeSpan.FromSeconds(5),
                ct);
            return reply.ExitCode == 0 && reply.StandardOutput.Contains("uint32", StringComparison.Ordinal);
        }, cancellationToken);
    }

    private Dictionary<string, string?> BaseEnvironment() => new()
    {
        ["XDG_RUNTIME_DIR"] = RuntimeDirectory,
        ["DBUS_SESSION_BUS_ADDRESS"] = DBusSessionBusAddress,
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
        ["DBUS_SYSTEM_BUS_ADDRESS"] = "unix:path=" + Path.Combine(RunDirectory, "no-system-bus"),
    };

    /// <summary>sway 1.7 refuses uid 0: run it in a user namespace mapping us to 1000, else as nobody via setpriv.</summary>
    private async Task<string[]> ChooseSwayModeAsync(CancellationToken cancellationToken)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The headless desktop runs on Linux only.");
        }

        string[] userNamespace = ["unshare", "--map-user=1000", "--map-group=1000", "--"];
        var probe = await ProcessRunner.RunAsync(userNamespace[0], [.. userNamespace.Skip(1), "true"], null, TimeSpan.FromSeconds(10), cancellationToken);
        if (probe.ExitCode == 0)
        {
            SwayMode = "userns";
            return userNamespace;
        }

        var uid = await ProcessRunner.RunAsync("id", ["-u", "nobody"], null, TimeSpan.FromSeconds(5), cancellationToken);
        var gid = await ProcessRunner.RunAsync("id", ["-g", "nobody"], null, TimeSpan.FromSeconds(5), cancellationToken);
        if (uid.ExitCode != 0 || gid.ExitCode != 0)
        {
            throw new HeadlessDesktopException($"sway cannot run as root, user namespaces are unavailable ({probe.StandardError.Trim()}) and there is no 'nobody' account.");
        }

        var owner = $"{uid.StandardOutput.Trim()}:{gid.StandardOutput.Trim()}";
        var chown = await ProcessRunner.RunAsync("chown", [owner, RuntimeDirectory], null, TimeSpan.FromSeconds(5), cancellationToken);
        if (chown.ExitCode != 0)
        {
            throw new HeadlessDesktopException($"chown {owner} {RuntimeDirectory} failed: {chown.StandardError}");
        }

        File.SetUnixFileMode(RunDirectory, File.GetUnixFileMode(RunDirectory) | UnixFileMode.OtherExecute | UnixFileMode.GroupExecute);
        SwayMode = "setpriv";
        return ["setpriv", $"--reuid={uid.StandardOutput.Trim()}", $"--regid={gid.StandardOutput.Trim()}", "--clear-groups", "--"];
    }

    private static void EnsureSharedMemory()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("The headless desktop runs on Linux only.");
        }

        // wlroots and Wayland clients allocate wl_shm buffers with shm_open()
        const string shm = "/dev/shm";
        if (!Directory.Exists(shm) || (File.GetUnixFileMode(shm) & (UnixFileMode.StickyBit | UnixFileMode.OtherWrite)) != (UnixFileMode.StickyBit | UnixFileMode.OtherWrite))
        {
            throw new HeadlessDesktopException("/dev/shm must be a writable tmpfs with mode 1777 (mount -t tmpfs -o mode=1777 shm /dev/shm).");
        }
    }

    private async Task<(int Width, int Height)?> CurrentModeAsync(CancellationToken cancellationToken)
    {
        var outputs = await ProcessRunner.RunAsync("swaymsg", ["-t", "get_outputs", "-r"], _environment, TimeSpan.FromSeconds(5), cancellationToken);
        return outputs.ExitCode == 0 ? SwayOutputs.CurrentMode(outputs.StandardOutput, OutputName) : null;
    }

    private async Task<bool> BusHasNameAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await ProcessRunner.RunAsync(
            "dbus-send",
            ["--session", "--print-reply=literal", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:" + name],
            _environment,
            TimeSpan.FromSeconds(5),
            cancellationToken);
        return reply.ExitCode == 0 && reply.StandardOutput.Contains("true", StringComparison.Ordinal);
    }

    private async Task<bool> CommandSucceedsAsync(string program, string[] arguments, CancellationToken cancellationToken) =>
        (await ProcessRunner.RunAsync(program, arguments, _environment, TimeSpan.FromSeconds(5), cancellationToken)).ExitCode == 0;

    private static string? FirstSocket(string directory, string pattern) =>
        Directory.EnumerateFiles(directory, pattern)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(Path.GetFileName)
            .FirstOrDefault();

    /// <summary>Polls <paramref name="ready"/> until true; fails at the time limit or when <paramref name="component"/> exits, with its log.</summary>
    private async Task WaitForAsync(string what, DesktopProcess? component, Func<CancellationToken, Task<bool>> ready, CancellationToken cancellationToken)
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

    private void TearDown(bool deleteRunDirectory)
    {
        List<DesktopProcess> started;
        lock (_gate)
        {
            started = [.. _processes];
            _processes.Clear();
        }

        // newest first: clients, then portals, PipeWire, sway, the bus
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
