using Microsoft.Extensions.Logging;
using WlWebRtc.DBus.Portals;
using WlWebRtc.Session.Desktop;
using WlWebRtc.Session.Processes;

namespace WlWebRtc.Session.Sway;

/// <summary>
/// The sway compositor role of a <see cref="HeadlessSession"/>: sway (wlroots' headless backend, pixman renderer, no
/// GPU; as <see cref="SessionAccount"/>), then PipeWire and WirePlumber, xdg-permission-store, xdg-desktop-portal-wlr
/// (with <see cref="XdpwShim"/>) and xdg-desktop-portal. The start-up clients are sway's <c>exec</c> lines.
/// </summary>
internal sealed class SwaySession : HeadlessSession
{
    private readonly string _shim;

    private SwaySession(SessionOptions options, string runDirectory, string shim, ILogger logger)
        : base(options, runDirectory, logger) => _shim = shim;

    public override string CompositorName => "sway";

    protected override string CurrentDesktop => "sway";

    /// <summary>Starts a session in <paramref name="directory"/>/run (the previous run's files move to run.previous); disposed if the start fails.</summary>
    public static async Task<SwaySession> StartAsync(SessionOptions options, SessionAccount account, string directory, ILogger logger, CancellationToken cancellationToken)
    {
        RequiredPrograms.EnsurePresent(RequiredPrograms.Sway);
        EnsureSharedMemory();
        var shim = await XdpwShim.LocateOrBuildAsync(Path.Combine(directory, "lib"), cancellationToken).ConfigureAwait(false);
        var session = new SwaySession(options, PrepareRunDirectory(directory), shim, logger);
        try
        {
            await session.StartAsync(account, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    protected override async Task WriteFilesAsync(CancellationToken cancellationToken)
    {
        await File.WriteAllTextAsync(Path.Combine(RunDirectory, "sway.conf"), SwayConfigFiles.Sway(Options), cancellationToken).ConfigureAwait(false);
        var chooser = Path.Combine(RunDirectory, "xdpw-chooser.sh");
        await File.WriteAllTextAsync(chooser, SwayConfigFiles.OutputChooser, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(RunDirectory, "xdpw.conf"), SwayConfigFiles.Xdpw(Options, chooser), cancellationToken).ConfigureAwait(false);
    }

    protected override Dictionary<string, string?> ComponentEnvironment()
    {
        var environment = base.ComponentEnvironment();
        environment["WLR_BACKENDS"] = "headless";
        environment["WLR_RENDERER"] = "pixman";
        environment["WLR_LIBINPUT_NO_DEVICES"] = "1";
        return environment;
    }

    protected override async Task StartComponentsAsync(SessionAccount account, CancellationToken cancellationToken)
    {
        var runtime = RuntimeDirectory;

        // sway as the desktop's user, with its home and shell (its clients inherit them)
        var sway = Start("sway", account.CommandPrefix, "sway", AccountEnvironment(account), "-c", Path.Combine(RunDirectory, "sway.conf"));
        await WaitForAsync("the Wayland socket", sway, _ => Task.FromResult(FirstSocket(runtime, "wayland-*") is not null), cancellationToken).ConfigureAwait(false);
        await WaitForAsync("the sway IPC socket", sway, _ => Task.FromResult(FirstSocket(runtime, "sway-ipc.*.sock") is not null), cancellationToken).ConfigureAwait(false);
        Environment["WAYLAND_DISPLAY"] = FirstSocket(runtime, "wayland-*");
        Environment["SWAYSOCK"] = Path.Combine(runtime, FirstSocket(runtime, "sway-ipc.*.sock")!);
        await WaitForAsync($"sway's output {SwayConfigFiles.OutputName}", sway, async ct =>
        {
            var outputs = await CommandRunner.RunAsync("swaymsg", ["-t", "get_outputs", "-r"], Environment, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
            return outputs.ExitCode == 0 && outputs.StandardOutput.Contains(SwayConfigFiles.OutputName, StringComparison.Ordinal);
        }, cancellationToken).ConfigureAwait(false);

        // PipeWire and WirePlumber as the server's user (xdg-desktop-portal-wlr, also the server's, publishes there)
        await StartPipeWireAsync([], Environment, cancellationToken).ConfigureAwait(false);

        // the portals: the permission store first (the portal and WirePlumber use it), the wlr backend, the frontend
        var store = Start("permission-store", [], "/usr/libexec/xdg-permission-store", "--replace");
        await WaitForAsync("xdg-permission-store on the bus", store, ct => BusHasNameAsync("org.freedesktop.impl.portal.PermissionStore", ct), cancellationToken).ConfigureAwait(false);
        var xdpwEnvironment = new Dictionary<string, string?>(Environment) { ["LD_PRELOAD"] = _shim };
        var xdpw = Start("xdpw", [], "/usr/libexec/xdg-desktop-portal-wlr", xdpwEnvironment, "-l", "ERROR", "-c", Path.Combine(RunDirectory, "xdpw.conf"));
        await WaitForAsync("xdg-desktop-portal-wlr on the bus", xdpw, ct => BusHasNameAsync("org.freedesktop.impl.portal.desktop.wlr", ct), cancellationToken).ConfigureAwait(false);

        // only the wlr backend: other installed backends (GNOME's, KDE's) must not serve a sway session
        var portalEnvironment = new Dictionary<string, string?>(Environment)
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
                Environment,
                TimeSpan.FromSeconds(5),
                ct).ConfigureAwait(false);
            return reply.ExitCode == 0 && reply.StandardOutput.Contains("uint32", StringComparison.Ordinal);
        }, cancellationToken).ConfigureAwait(false);

        var server = BaseServerEnvironment();
        server["SWAYSOCK"] = Environment["SWAYSOCK"];
        ServerEnvironment = server;
    }
}
