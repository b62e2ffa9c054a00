using System.Globalization;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// A real headless GNOME session for integration tests: a private session bus (no activatable services), PipeWire,
/// WirePlumber and mutter (<c>--headless --wayland --no-x11 --virtual-monitor WxH</c>, as root, in-memory GSettings)
/// inside a private XDG_RUNTIME_DIR. Ready when mutter's Wayland socket exists and it owns
/// <c>org.gnome.Mutter.ScreenCast</c> and <c>org.gnome.Mutter.RemoteDesktop</c>. The virtual monitor's connector
/// is <see cref="ConnectorName"/>. With <c>withMutter: false</c> only the bus, PipeWire and WirePlumber run: a session
/// where Mutter's API is absent.
/// </summary>
public class HeadlessMutter : HeadlessSession
{
    /// <summary>The connector of mutter's first virtual monitor.</summary>
    public const string ConnectorName = "Meta-0";

    public const string ScreenCastName = "org.gnome.Mutter.ScreenCast";

    public const string RemoteDesktopName = "org.gnome.Mutter.RemoteDesktop";

    private static readonly IReadOnlyList<(string Program, string Package)> BusAndPipeWire =
    [
        ("dbus-daemon", "dbus-daemon"),
        ("dbus-send", "dbus-bin"),
        ("pipewire", "pipewire-bin"),
        ("wireplumber", "wireplumber"),
        ("pw-cli", "pipewire-bin"),
    ];

    private readonly bool _withMutter;

    public HeadlessMutter()
        : this(new HeadlessDesktopOptions(), withMutter: true)
    {
    }

    /// <summary>Width and height of <paramref name="options"/> give the virtual monitor's size; Background and MaxFps are not used.</summary>
    protected HeadlessMutter(HeadlessDesktopOptions options, bool withMutter)
        : base(options) => _withMutter = withMutter;

    protected override IReadOnlyList<(string Program, string Package)> Programs =>
        _withMutter ? [.. BusAndPipeWire, ("mutter", "mutter")] : BusAndPipeWire;

    protected override string CurrentDesktop => "GNOME";

    /// <summary>Starts a session; <paramref name="withMutter"/> false gives a plain bus with PipeWire and no Mutter.</summary>
    public static Task<HeadlessMutter> StartAsync(HeadlessDesktopOptions options, bool withMutter = true, CancellationToken cancellationToken = default) =>
        StartAsync(new HeadlessMutter(options, withMutter), cancellationToken);

    protected override async Task StartComponentsAsync(CancellationToken cancellationToken)
    {
        // the sway and xdpw files it also writes are unused here; dbus.conf is the same private bus
        CreateRunDirectories();
        WriteSessionFiles();
        await StartSessionBusAsync(cancellationToken);

        // mutter's screen cast publishes its streams on PipeWire's default socket: PipeWire first
        await StartPipeWireAsync(cancellationToken);
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
        await WaitForAsync("mutter's Wayland socket", mutter, _ => Task.FromResult(FirstSocket(RuntimeDirectory, "wayland-*") is not null), cancellationToken);
        WaylandDisplay = FirstSocket(RuntimeDirectory, "wayland-*")!;
        SessionEnvironment["WAYLAND_DISPLAY"] = WaylandDisplay;
        await WaitForAsync(ScreenCastName + " on the bus", mutter, ct => BusHasNameAsync(ScreenCastName, ct), cancellationToken);
        await WaitForAsync(RemoteDesktopName + " on the bus", mutter, ct => BusHasNameAsync(RemoteDesktopName, ct), cancellationToken);
    }
}
