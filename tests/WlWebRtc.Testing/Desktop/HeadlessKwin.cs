using System.Globalization;

namespace WlWebRtc.Testing.Desktop;

/// <summary>
/// A real headless KDE session for integration tests: a private session bus, PipeWire, WirePlumber and KWin 5.27 on its
/// virtual backend (<c>kwin_wayland --virtual --width W --height H</c>) inside a private XDG_RUNTIME_DIR. Ready when
/// KWin's Wayland socket exists and it owns <c>org.kde.KWin</c> on the bus.
/// <para>
/// KWin hides its restricted protocols (<c>org_kde_kwin_fake_input</c>, <c>zkde_screencast_unstable_v1</c>) and its
/// restricted D-Bus interfaces (<c>org.kde.KWin.ScreenShot2</c>) from every client but those a <c>.desktop</c> file grants
/// by their exact executable (<c>/proc/PID/exe</c>): the fixture writes such a grant into its private
/// <c>$XDG_DATA_HOME/applications</c> for each executable it is given (by default this test process's), as a user
/// installs the product's grant. <c>/usr/bin/kwin_wayland</c> carries a file capability (cap_sys_resource) that a
/// sandbox without it in its bounding set cannot execute, so the fixture runs a copy of the binary (a copy has no xattr).
/// </para>
/// </summary>
public class HeadlessKwin : HeadlessSession
{
    /// <summary>The Wayland protocols the grant opens.</summary>
    public const string GrantedProtocols = "org_kde_kwin_fake_input,zkde_screencast_unstable_v1,org_kde_plasma_window_management";

    /// <summary>The D-Bus interfaces the grant opens.</summary>
    public const string GrantedDBusInterfaces = "org.kde.KWin.ScreenShot2";

    public const string KwinName = "org.kde.KWin";

    private const string KwinBinary = "/usr/bin/kwin_wayland";

    private static readonly IReadOnlyList<(string Program, string Package)> Required =
    [
        ("dbus-daemon", "dbus-daemon"),
        ("dbus-send", "dbus-bin"),
        ("pipewire", "pipewire-bin"),
        ("wireplumber", "wireplumber"),
        ("pw-cli", "pipewire-bin"),
        (KwinBinary, "kwin-wayland"),
    ];

    private readonly IReadOnlyList<string> _grantedExecutables;
    private readonly string _grantedProtocols;

    public HeadlessKwin()
        : this(new HeadlessDesktopOptions(), [CurrentExecutable])
    {
    }

    /// <summary>Width and height of <paramref name="options"/> give the virtual output's size; Background and MaxFps are not used.</summary>
    protected HeadlessKwin(HeadlessDesktopOptions options, IReadOnlyList<string> grantedExecutables, string grantedProtocols = GrantedProtocols)
        : base(options)
    {
        ArgumentNullException.ThrowIfNull(grantedExecutables);
        _grantedExecutables = grantedExecutables;
        _grantedProtocols = grantedProtocols;
    }

    /// <summary>This process's executable as KWin sees it (<c>/proc/self/exe</c>, symbolic links resolved): what a grant names.</summary>
    public static string CurrentExecutable =>
        File.ResolveLinkTarget("/proc/self/exe", returnFinalTarget: true)?.FullName ?? System.Environment.ProcessPath ?? "";

    /// <summary>The grant files written, one per granted executable.</summary>
    public IReadOnlyList<string> GrantFiles { get; private set; } = [];

    protected override IReadOnlyList<(string Program, string Package)> Programs => Required;

    protected override string CurrentDesktop => "KDE";

    /// <summary>Starts a session granting <paramref name="grantedExecutables"/> (none: a client without the grant).</summary>
    public static Task<HeadlessKwin> StartAsync(HeadlessDesktopOptions options, IReadOnlyList<string> grantedExecutables, CancellationToken cancellationToken = default) =>
        StartAsync(new HeadlessKwin(options, grantedExecutables), cancellationToken);

    /// <summary>Starts a session whose grant opens only <paramref name="grantedProtocols"/> (comma-separated) to <paramref name="grantedExecutables"/>: an older grant.</summary>
    public static Task<HeadlessKwin> StartAsync(HeadlessDesktopOptions options, IReadOnlyList<string> grantedExecutables, string grantedProtocols, CancellationToken cancellationToken = default) =>
        StartAsync(new HeadlessKwin(options, grantedExecutables, grantedProtocols), cancellationToken);

    /// <summary>The text of a grant for <paramref name="executable"/>, as packaging/kde ships it.</summary>
    public static string GrantText(string executable) => GrantText(executable, GrantedProtocols);

    /// <summary>The text of a grant opening <paramref name="protocols"/> to <paramref name="executable"/>.</summary>
    public static string GrantText(string executable, string protocols) => $"""
        [Desktop Entry]
        Type=Application
        Name=wlwebrtc test client
        Exec={executable}
        NoDisplay=true
        X-KDE-Wayland-Interfaces={protocols}
        X-KDE-DBUS-Restricted-Interfaces={GrantedDBusInterfaces}

        """;

    protected override async Task StartComponentsAsync(CancellationToken cancellationToken)
    {
        CreateRunDirectories();
        WriteSessionFiles();
        WriteGrants();
        await StartSessionBusAsync(cancellationToken);

        // KWin's screencasts publish their streams on PipeWire's default socket: PipeWire first
        await StartPipeWireAsync(cancellationToken);

        var kwin = Path.Combine(RunDirectory, "kwin_wayland");
        File.Copy(KwinBinary, kwin);
        if (OperatingSystem.IsLinux())
        {
            File.SetUnixFileMode(kwin, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var process = StartProcess(
            "kwin",
            kwin,
            "--virtual",
            "--width",
            Options.Width.ToString(CultureInfo.InvariantCulture),
            "--height",
            Options.Height.ToString(CultureInfo.InvariantCulture),
            "--no-lockscreen",
            "--no-global-shortcuts",
            "--no-kactivities");
        await WaitForAsync("KWin's Wayland socket", process, _ => Task.FromResult(FirstSocket(RuntimeDirectory, "wayland-*") is not null), cancellationToken);
        WaylandDisplay = FirstSocket(RuntimeDirectory, "wayland-*")!;
        SessionEnvironment["WAYLAND_DISPLAY"] = WaylandDisplay;
        await WaitForAsync(KwinName + " on the bus", process, ct => BusHasNameAsync(KwinName, ct), cancellationToken);
    }

    private void WriteGrants()
    {
        var applications = Path.Combine(RunDirectory, "data", "applications");
        Directory.CreateDirectory(applications);
        var files = new List<string>();
        for (var i = 0; i < _grantedExecutables.Count; i++)
        {
            var file = Path.Combine(applications, string.Create(CultureInfo.InvariantCulture, $"wlwebrtc-test-{i}.desktop"));
            File.WriteAllText(file, GrantText(_grantedExecutables[i], _grantedProtocols));
            files.Add(file);
        }

        GrantFiles = files;
    }
}
