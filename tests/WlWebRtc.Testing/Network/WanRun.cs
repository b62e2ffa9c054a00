using System.Globalization;
using System.Net;
using WlWebRtc.Testing.Browser;

namespace WlWebRtc.Testing.Network;

/// <summary>
/// One run of a sender through the emulator: the relay listens on <see cref="RelayAddress"/> at the sender's port and
/// forwards to the sender's socket; headless Chromium plays the sender's WHEP endpoint for the profile's duration.
/// How the browser's media goes through the relay: the sender offers ONLY the relay's address as its candidate
/// (our server: <see cref="ServerTransportToml"/>, i.e. transport.webrtc.announced_addresses with a fixed port and
/// announce_local = false; another sender: its answer's candidates rewritten), so the browser has no other path;
/// the sender sees the relay's mapping as the browser (peer-reflexive). Signalling (HTTP) does not go through it.
/// </summary>
public static class WanRun
{
    /// <summary>A loopback address of its own for the relay, so it can listen on the sender's port.</summary>
    public static readonly IPAddress RelayAddress = IPAddress.Parse("127.0.0.2");

    /// <summary>The server's [transport.webrtc] table for a run: a socket on 127.0.0.1:<paramref name="port"/>, and only the relay announced.</summary>
    public static string ServerTransportToml(int port) => string.Create(CultureInfo.InvariantCulture, $"""
        [transport.webrtc]
        interfaces = ["127.0.0.1"]
        ipv6 = false
        single_port = true
        port = {port}
        announced_addresses = ["{RelayAddress}"]
        announce_local = false
        """);

    /// <summary>Plays <paramref name="whep"/> through a relay shaped by <paramref name="profile"/> in front of <paramref name="sender"/>.</summary>
    /// <param name="profile">The link.</param>
    /// <param name="sender">The sender's media socket (null: set <see cref="WanRelay.Target"/> from <paramref name="relayStarted"/>).</param>
    /// <param name="relayPort">The port the relay listens on at <see cref="RelayAddress"/> (the port the sender announces).</param>
    /// <param name="whep">The sender's WHEP endpoint.</param>
    /// <param name="token">Its bearer token.</param>
    /// <param name="relayStarted">Called with the relay once it runs, before the browser connects.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    public static async Task<WanRunResult> PlayAsync(WanProfile profile, IPEndPoint? sender, int relayPort, Uri whep, string token, Action<WanRelay>? relayStarted = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await using var browser = await HeadlessChromium.LaunchAsync().ConfigureAwait(false);
        using var relay = WanRelay.Start(new IPEndPoint(RelayAddress, relayPort), sender, profile.Down, profile.Up);
        relayStarted?.Invoke(relay);
        var trace = await WanPlayer.PlayAsync(browser, whep, token, profile.Duration, cancellationToken).ConfigureAwait(false);
        var metrics = WanRunMetrics.From(profile, trace, relay.Down.Statistics, relay.StartedUnixMs);
        return new WanRunResult(profile, trace, metrics, relay.Down.Statistics, relay.Up.Statistics, string.Join('\n', browser.ConsoleLines.TakeLast(20)));
    }
}

/// <summary>A run's trace, figures and the emulator's statistics per direction.</summary>
public sealed record WanRunResult(WanProfile Profile, PlaybackTrace Trace, WanRunMetrics Metrics, LinkStatistics Down, LinkStatistics Up, string BrowserConsole);
