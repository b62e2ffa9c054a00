using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.Session.Desktop;
using WlWebRtc.Session.Sway;

namespace WlWebRtc.Session.Mutter;

/// <summary>
/// The mutter compositor role of a <see cref="HeadlessSession"/>: PipeWire and WirePlumber, then
/// <c>mutter --headless --wayland --no-x11</c> (in-memory GSettings: no dconf on a private bus), all as
/// <see cref="SessionAccount"/>; ready when its Wayland socket exists and it owns org.gnome.Mutter.ScreenCast and
/// org.gnome.Mutter.RemoteDesktop. No portal: the server's gnome capture and input plugins talk to Mutter's own APIs
/// (no dialog). Mutter starts without a monitor (no <c>--virtual-monitor</c>): the gnome capture's RecordVirtual
/// creates the one monitor, at <c>session.width</c> x <c>session.height</c> and then sized by the viewer with
/// <c>[display] follow_viewer</c>, so the
/// desktop's windows live on the monitor that is streamed rather than on a fixed one beside it. Mutter runs no
/// start-up programs of its own: the session starts each <c>session.clients</c> line with <c>sh -c</c>.
/// </summary>
internal sealed class MutterSession : HeadlessSession
{
    /// <summary>Mutter's D-Bus names that say it is ready for the gnome plugins.</summary>
    public static readonly IReadOnlyList<string> ReadyNames = ["org.gnome.Mutter.ScreenCast", "org.gnome.Mutter.RemoteDesktop"];

    private MutterSession(SessionOptions options, string runDirectory, ILogger logger)
        : base(options, runDirectory, logger)
    {
    }

    public override string CompositorName => "mutter";

    protected override string CurrentDesktop => "GNOME";

    /// <summary>Starts a session in <paramref name="directory"/>/run (the previous run's files move to run.previous); disposed if the start fails.</summary>
    public static async Task<MutterSession> StartAsync(SessionOptions options, SessionAccount account, string directory, ILogger logger, CancellationToken cancellationToken)
    {
        RequiredPrograms.EnsurePresent(RequiredPrograms.Mutter);
        EnsureSharedMemory();
        var session = new MutterSession(options, PrepareRunDirectory(directory), logger);
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

    /// <summary>
    /// What the streaming server inside a mutter session needs on top of the session's variables: the gnome capture
    /// records a virtual monitor, which starts at <c>session.width</c> x <c>session.height</c> (the size its stream
    /// asks for first) and delivers at most <c>session.max_fps</c> frames a second. <c>session.panel</c> has no
    /// counterpart: mutter alone draws no panel.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ServerSettings(SessionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new Dictionary<string, string?>
        {
            ["WLWEBRTC_CAPTURE__GNOME__MODE"] = "virtual",
            ["WLWEBRTC_CAPTURE__GNOME__WIDTH"] = options.Width.ToString(CultureInfo.InvariantCulture),
            ["WLWEBRTC_CAPTURE__GNOME__HEIGHT"] = options.Height.ToString(CultureInfo.InvariantCulture),
            ["WLWEBRTC_CAPTURE__GNOME__MAX_FPS"] = options.MaxFps.ToString(CultureInfo.InvariantCulture),
        };
    }

    protected override Task WriteFilesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override Dictionary<string, string?> ComponentEnvironment()
    {
        var environment = base.ComponentEnvironment();
        environment["GSETTINGS_BACKEND"] = "memory";
        return environment;
    }

    protected override async Task StartComponentsAsync(SessionAccount account, CancellationToken cancellationToken)
    {
        var desktop = AccountEnvironment(account);

        // Mutter publishes its screen casts on PipeWire's socket, so PipeWire runs first and as the desktop's user
        // (a socket of the server's user would be closed to it)
        await StartPipeWireAsync(account.CommandPrefix, desktop, cancellationToken).ConfigureAwait(false);

        var mutter = Start("mutter", account.CommandPrefix, "mutter", desktop, "--headless", "--wayland", "--no-x11");
        await WaitForAsync("mutter's Wayland socket", mutter, _ => Task.FromResult(FirstSocket(RuntimeDirectory, "wayland-*") is not null), cancellationToken).ConfigureAwait(false);
        Environment["WAYLAND_DISPLAY"] = FirstSocket(RuntimeDirectory, "wayland-*");
        foreach (var name in ReadyNames)
        {
            await WaitForAsync(name + " on the bus", mutter, ct => BusHasNameAsync(name, ct), cancellationToken).ConfigureAwait(false);
        }

        var clientEnvironment = AccountEnvironment(account);
        var index = 0;
        foreach (var client in Options.Clients)
        {
            StartClient($"client-{++index}", account.CommandPrefix, "/bin/sh", clientEnvironment, "-c", client);
        }

        var server = BaseServerEnvironment();
        foreach (var (name, value) in ServerSettings(Options))
        {
            server[name] = value;
        }

        ServerEnvironment = server;
    }
}
