using System.Globalization;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Network.Wire;

namespace WlWebRtc.Testing.Network;

/// <summary>
/// One run of a sender through the emulator (<see cref="WanNetwork"/>): the sender runs on the server side, headless
/// Chromium on the viewer side (launched inside that namespace), and the wire between them is started with the
/// profile just before the browser plays the sender's WHEP endpoint for the profile's duration. Everything between
/// browser and sender crosses the wire: the WHEP request, ICE, DTLS, media, RTCP.
/// </summary>
public static class WanRun
{
    /// <summary>The server's [transport.webrtc] table for a run: its media socket on the wire's server address only.</summary>
    public static string ServerTransportToml() => string.Create(CultureInfo.InvariantCulture, $"""
        [transport.webrtc]
        interfaces = ["{WanNetwork.ServerAddress}"]
        ipv6 = false
        """);

    /// <summary>The server's launch for a run: inside the server namespace, HTTP on all its addresses (the viewer
    /// reaches it across the wire, the test through the management veth to see that it is up).</summary>
    public static Server.ServerLaunch OnServerSide(Server.ServerLaunch launch, WanNetwork network)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(network);
        return launch with { CommandPrefix = network.ServerCommandPrefix, ListenAddress = "0.0.0.0", ReachableHost = network.ManagementAddress };
    }

    /// <summary>
    /// Starts the server on the server side (<see cref="OnServerSide"/>), trying four times: on a loaded machine its
    /// plugin probes (5 s each, the portal's 2 s per D-Bus call) can time out and the server exits as "plugin
    /// unavailable" (code 4); right
    /// after another cast's client was killed, the portal backend may refuse a new session for a moment.
    /// </summary>
    public static async Task<Server.ServerProcess> StartServerAsync(Server.ServerLaunch launch, WanNetwork network, Action<string>? log = null)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await Server.ServerProcess.StartAsync(OnServerSide(launch, network)).ConfigureAwait(false);
            }
            catch (InvalidOperationException ex) when (attempt < 4)
            {
                log?.Invoke($"the server did not start (attempt {attempt}), retrying in 5 s: {ex.Message.Split('\n')[0]}");
                await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            }
        }
    }

    /// <summary>The WHEP endpoint of a sender on the server side, as the viewer reaches it across the wire.</summary>
    public static Uri WhepAcrossTheWire(int port, string path = "/whep") => new($"http://{WanNetwork.ServerAddress}:{port}{path}");

    /// <summary>Plays <paramref name="whep"/> (on the server side) in Chromium on the viewer side through a wire shaped by <paramref name="profile"/>.</summary>
    public static async Task<WanRunResult> PlayAsync(WanProfile profile, WanNetwork network, Uri whep, string token, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(network);
        await using var browser = await LaunchChromiumOnViewerSideAsync(network, cancellationToken).ConfigureAwait(false);
        using var pageServer = NamespacePageServer.Start(network.ViewerNamespace, WanPlayer.Page);
        using var wire = network.StartWire(profile.Down, profile.Up);
        var trace = await WanPlayer.PlayAsync(browser, pageServer.Address, whep, token, profile.Duration, cancellationToken).ConfigureAwait(false);
        wire.Dispose();
        var metrics = WanRunMetrics.From(profile, trace, wire.Down.Statistics, wire.StartedUnixMs, wire.Departures.FirstSeen);
        return new WanRunResult(profile, trace, metrics, wire.Down.Statistics, wire.Up.Statistics, wire.Precision.Snapshot(), wire.RealTime, string.Join('\n', browser.ConsoleLines.TakeLast(20)));
    }

    /// <summary>Headless Chromium inside the viewer namespace (a launcher script runs it through <c>ip netns exec</c>).</summary>
    public static async Task<HeadlessChromium> LaunchChromiumOnViewerSideAsync(WanNetwork network, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(network);
        var launcher = Path.Combine(Path.GetTempPath(), $"wlwebrtc-chromium-{network.ViewerNamespace}-{Guid.NewGuid():N}.sh");
        // WLWEBRTC_WAN_CHROMIUM_LOG=FILE: Chromium's own log (WebRTC warnings: decode timeouts, keyframe requests) appended to FILE.
        var chromiumLog = Environment.GetEnvironmentVariable("WLWEBRTC_WAN_CHROMIUM_LOG");
        var logging = string.IsNullOrEmpty(chromiumLog) ? string.Empty : $" --enable-logging=stderr 2>>'{chromiumLog.Replace("'", string.Empty, StringComparison.Ordinal)}'";
        await File.WriteAllTextAsync(launcher, $"#!/bin/sh\nexec {string.Join(' ', network.ViewerCommandPrefix)} {HeadlessChromium.DefaultExecutablePath} \"$@\"{logging}\n", cancellationToken).ConfigureAwait(false);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(launcher, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        try
        {
            return await HeadlessChromium.LaunchAsync(launcher).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(launcher);
        }
    }
}

/// <summary>A run's trace, figures, the emulator's statistics per direction and how precisely the wire kept its schedule.</summary>
public sealed record WanRunResult(WanProfile Profile, PlaybackTrace Trace, WanRunMetrics Metrics, LinkStatistics Down, LinkStatistics Up, WirePrecisionSnapshot Precision, bool RealTime, string BrowserConsole);
