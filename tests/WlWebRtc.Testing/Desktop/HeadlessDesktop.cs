using WlWebRtc.DBus.Portals;

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
public class HeadlessDesktop : HeadlessSession
{
    public const string OutputName = "HEADLESS-1";

    public HeadlessDesktop()
        : this(new HeadlessDesktopOptions())
    {
    }

    protected HeadlessDesktop(HeadlessDesktopOptions options)
        : base(options)
    {
    }

    public string SwaySocket { get; private set; } = "";

    /// <summary>How sway was made to run without root: "userns" or "setpriv".</summary>
    public string SwayMode { get; private set; } = "";

    /// <summary>Output size now (changes with <see cref="SetOutputModeAsync"/>).</summary>
    public (int Width, int Height) OutputSize { get; private set; }

    protected override IReadOnlyList<(string Program, string Package)> Programs => RequiredPrograms.All;

    protected override string CurrentDesktop => "sway";

    public static Task<HeadlessDesktop> StartAsync(HeadlessDesktopOptions options, CancellationToken cancellationToken = default) =>
        StartAsync(new HeadlessDesktop(options), cancellationToken);

    /// <summary>Runs swaymsg with the desktop's SWAYSOCK; throws with its output when it fails.</summary>
    public async Task<string> SwayMsgAsync(params string[] arguments)
    {
        var result = await ProcessRunner.RunAsync("swaymsg", arguments, SessionEnvironment, TimeSpan.FromSeconds(10), CancellationToken.None);
        if (result.ExitCode != 0)
        {
            throw new HeadlessDesktopException($"swaymsg {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardOutput}{result.StandardError}");
        }

        return result.StandardOutput;
    }

    /// <summary>Sets the background of every output to a solid colour (#rrggbb).</summary>
    public Task SetBackgroundAsync(string colour)
    {
        if (!HeadlessDesktopOptions.IsColour(colour))
        {
            throw new ArgumentException($"Colour must be #rrggbb, not '{colour}'.", nameof(colour));
        }

        return SwayMsgAsync("output", "*", "bg", colour, "solid_color");
    }

    /// <summary>
    /// Adds a headless output (<c>swaymsg create_output</c>) of <paramref name="width"/>x<paramref name="height"/> at
    /// layout position (<paramref name="x"/>, 0) with a solid <paramref name="background"/>; returns its name once sway
    /// reports it active at that size.
    /// </summary>
    public async Task<string> AddOutputAsync(int width, int height, int x, string background)
    {
        if (!HeadlessDesktopOptions.IsColour(background))
        {
            throw new ArgumentException($"Colour must be #rrggbb, not '{background}'.", nameof(background));
        }

        var before = await OutputNamesAsync();
        await SwayMsgAsync("create_output");
        string? name = null;
        await WaitForAsync("the new output", null, async _ => (name = (await OutputNamesAsync()).Except(before).FirstOrDefault()) is not null, CancellationToken.None);
        await SwayMsgAsync("output", name!, "mode", $"{width}x{height}", "position", $"{x}", "0", "bg", background, "solid_color");
        await WaitForAsync($"{name} at {width}x{height}", null, async _ =>
        {
            var outputs = await SwayMsgAsync("-t", "get_outputs", "-r");
            using var document = System.Text.Json.JsonDocument.Parse(outputs);
            return document.RootElement.EnumerateArray().Any(o => o.GetProperty("name").GetString() == name
                && o.TryGetProperty("current_mode", out var mode) && mode.GetProperty("width").GetInt32() == width && mode.GetProperty("height").GetInt32() == height
                && o.GetProperty("rect").GetProperty("x").GetInt32() == x);
        }, CancellationToken.None);
        return name!;
    }

    private async Task<List<string>> OutputNamesAsync()
    {
        using var document = System.Text.Json.JsonDocument.Parse(await SwayMsgAsync("-t", "get_outputs", "-r"));
        return [.. document.RootElement.EnumerateArray().Select(o => o.GetProperty("name").GetString()!)];
    }

    /// <summary>Sets HEADLESS-1's mode and waits until sway reports it.</summary>
    public async Task SetOutputModeAsync(int width, int height)
    {
        await SwayMsgAsync("output", OutputName, "mode", $"{width}x{height}");
        await WaitForAsync($"{OutputName} at {width}x{height}", null, async ct => await CurrentModeAsync(ct) == (width, height), CancellationToken.None);
        OutputSize = (width, height);
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
            var tree = await ProcessRunner.RunAsync("swaymsg", ["-t", "get_tree", "-r"], SessionEnvironment, TimeSpan.FromSeconds(5), ct);
            return tree.ExitCode == 0 && tree.StandardOutput.Contains($"\"app_id\": \"{appId}\"", StringComparison.Ordinal);
        }, CancellationToken.None);
        return foot;
    }

    /// <summary>A foot terminal that prints lines as fast as it can: a screen that changes continuously.</summary>
    public Task<DesktopProcess> StartScrollingTerminalAsync(string appId = "scroller") =>
        StartFootAsync(appId, "sh", "-c", "while :; do date +%T.%N; sleep 0.002; done");

    protected override void CheckMachine() => EnsureSharedMemory();

    protected override async Task StartComponentsAsync(CancellationToken cancellationToken)
    {
        var runtime = RuntimeDirectory;
        CreateRunDirectories();
        var shim = await XdpwShim.EnsureBuiltAsync(Options.BaseDirectory, cancellationToken);
        var swayPrefix = await ChooseSwayModeAsync(cancellationToken);
        WriteSessionFiles();

        // 1. private session bus
        await StartSessionBusAsync(cancellationToken);

        // 2. sway
        var sway = StartProcess("sway", swayPrefix[0], [.. swayPrefix.Skip(1), "sway", "-c", Path.Combine(RunDirectory, "sway.conf")]);
        await WaitForAsync("the Wayland socket", sway, _ => Task.FromResult(FirstSocket(runtime, "wayland-*") is not null), cancellationToken);
        WaylandDisplay = FirstSocket(runtime, "wayland-*")!;
        await WaitForAsync("the sway IPC socket", sway, _ => Task.FromResult(FirstSocket(runtime, "sway-ipc.*.sock") is not null), cancellationToken);
        SwaySocket = Path.Combine(runtime, FirstSocket(runtime, "sway-ipc.*.sock")!);
        SessionEnvironment["WAYLAND_DISPLAY"] = WaylandDisplay;
        SessionEnvironment["SWAYSOCK"] = SwaySocket;
        await WaitForAsync($"{OutputName} at {Options.Width}x{Options.Height}", sway, async ct => await CurrentModeAsync(ct) == (Options.Width, Options.Height), cancellationToken);
        OutputSize = (Options.Width, Options.Height);

        // 3. PipeWire and WirePlumber
        await StartPipeWireAsync(cancellationToken);

        // 4. portals: the permission store first (xdp and WirePlumber use it), then the wlr backend, then the frontend
        var store = StartProcess("permission-store", "/usr/libexec/xdg-permission-store", "--replace");
        await WaitForAsync("xdg-permission-store on the bus", store, ct => BusHasNameAsync("org.freedesktop.impl.portal.PermissionStore", ct), cancellationToken);
        var xdpw = StartProcess("xdpw", "env", "LD_PRELOAD=" + shim, "/usr/libexec/xdg-desktop-portal-wlr", "-l", "ERROR", "-c", Path.Combine(RunDirectory, "xdpw.conf"));
        await WaitForAsync("xdg-desktop-portal-wlr on the bus", xdpw, ct => BusHasNameAsync("org.freedesktop.impl.portal.desktop.wlr", ct), cancellationToken);
        // only the wlr backend, as the server's own headless session does: other installed backends must not serve sway
        var xdp = PortalBackendDirectory.Create(Path.Combine(RunDirectory, "portals"), "wlr") is { } portals
            ? StartProcess("xdp", "env", "XDG_DESKTOP_PORTAL_DIR=" + portals, "/usr/libexec/xdg-desktop-portal")
            : StartProcess("xdp", "/usr/libexec/xdg-desktop-portal");
        await WaitForAsync("the ScreenCast portal", xdp, async ct =>
        {
            var reply = await ProcessRunner.RunAsync(
                "dbus-send",
                ["--session", "--print-reply=literal", "--dest=org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                 "org.freedesktop.DBus.Properties.Get", "string:org.freedesktop.portal.ScreenCast", "string:AvailableSourceTypes"],
                SessionEnvironment,
                TimeSpan.FromSeconds(5),
                ct);
            return reply.ExitCode == 0 && reply.StandardOutput.Contains("uint32", StringComparison.Ordinal);
        }, cancellationToken);
    }

    /// <summary>wlroots' headless backend with the software renderer, and no input devices of the machine.</summary>
    protected override Dictionary<string, string?> BaseEnvironment()
    {
        var environment = base.BaseEnvironment();
        environment["WLR_BACKENDS"] = "headless";
        environment["WLR_RENDERER"] = "pixman";
        environment["WLR_LIBINPUT_NO_DEVICES"] = "1";
        return environment;
    }

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
        var outputs = await ProcessRunner.RunAsync("swaymsg", ["-t", "get_outputs", "-r"], SessionEnvironment, TimeSpan.FromSeconds(5), cancellationToken);
        return outputs.ExitCode == 0 ? SwayOutputs.CurrentMode(outputs.StandardOutput, OutputName) : null;
    }
}
