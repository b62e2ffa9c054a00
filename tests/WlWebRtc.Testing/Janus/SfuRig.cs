using System.Net.Sockets;
using System.Text.Json.Nodes;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Testing.Janus;

/// <summary>
/// The real server (test pattern, x264) publishing over WHIP into a real Janus through a <see cref="JanusWhipFrontEnd"/>:
/// the rig of the SFU tests and of <c>wlwebrtc-bench sfu</c>. The server offers candidates on the veth pair to Janus
/// only (<c>transport.webrtc.interfaces</c>), so a direct viewer on this side reaches it at <see cref="JanusServer.HostAddress"/> too.
/// </summary>
public sealed class SfuRig : IAsyncDisposable
{
    private SfuRig(JanusServer janus, JanusWhipFrontEnd frontEnd, ServerProcess server)
    {
        Janus = janus;
        FrontEnd = frontEnd;
        Server = server;
    }

    public JanusServer Janus { get; }

    public JanusWhipFrontEnd FrontEnd { get; }

    public ServerProcess Server { get; }

    /// <summary>The server's shared UDP port (<c>transport.webrtc.port</c>): where its host candidates are.</summary>
    public int ServerUdpPort { get; private init; }

    private IAsyncDisposable? Companion { get; init; }

    /// <summary>
    /// Starts Janus, the front-end and the server (<paramref name="width"/>x<paramref name="height"/> at
    /// <paramref name="fps"/>, <paramref name="bitrate"/> b/s), and waits until the egress is connected.
    /// <paramref name="prepare"/> runs once Janus runs and before the server starts: it may start a companion (a TURN
    /// server) and add lines to the server's <c>[transport.webrtc]</c> and <c>[signaling.whip_publish]</c> tables. Janus's
    /// namespace drops <paramref name="dropPercentFromServerAtJanus"/> % of the UDP datagrams from the server's own port
    /// (nft, at random): 100 leaves the server only a relay to reach Janus, a few percent make Janus ask for retransmissions.
    /// </summary>
    public static async Task<SfuRig> StartAsync(int width = 960, int height = 540, int fps = 30, int bitrate = 2_000_000, Func<JanusServer, Task<SfuRigSetup>>? prepare = null, int dropPercentFromServerAtJanus = 0)
    {
        var janus = await JanusServer.StartAsync();
        JanusWhipFrontEnd? frontEnd = null;
        ServerProcess? server = null;
        SfuRigSetup? setup = null;
        try
        {
            frontEnd = await JanusWhipFrontEnd.StartAsync(janus);
            setup = prepare is null ? new SfuRigSetup() : await prepare(janus);
            var token = Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
            var udpPort = FreePorts.Udp();
            if (dropPercentFromServerAtJanus > 0)
            {
                await janus.ExecAsync("nft", "add", "table", "inet", "wlwebrtc");
                await janus.ExecAsync("nft", "add", "chain", "inet", "wlwebrtc", "input", "{ type filter hook input priority 0; policy accept; }");
                string[] match = ["nft", "add", "rule", "inet", "wlwebrtc", "input", "ip", "saddr", janus.HostAddress.ToString(), "udp", "sport", udpPort.ToString(System.Globalization.CultureInfo.InvariantCulture)];
                await janus.ExecAsync(dropPercentFromServerAtJanus >= 100
                    ? [.. match, "drop"]
                    : [.. match, "numgen", "random", "mod", "100", "lt", dropPercentFromServerAtJanus.ToString(System.Globalization.CultureInfo.InvariantCulture), "drop"]);
            }

            server = await ServerProcess.StartAsync(new ServerLaunch("testpattern", token, $"""
                [capture.testpattern]
                width = {width}
                height = {height}
                fps = {fps}

                [encoder]
                bitrate = {bitrate}

                [transport.webrtc]
                ipv6 = false
                interfaces = ["{janus.HostInterface}"]
                port = {udpPort}
                # a WHEP viewer beside the egress posts one offer and reads one answer: every candidate in it
                trickle = false
                {setup.TransportConfig}

                [signaling.whip_publish]
                enabled = true
                url = "{frontEnd.WhipUrl}"
                bearer_token = "{JanusWhipFrontEnd.Token}"
                retry_min_ms = 500
                retry_max_seconds = 2
                {setup.PublishConfig}
                """));
            var rig = new SfuRig(janus, frontEnd, server) { ServerUdpPort = udpPort, Companion = setup.Companion };
            try
            {
                await Poll.UntilAsync(async () => (await rig.EgressAsync())?["state"]?.GetValue<string>() == "connected", "the egress is connected", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(250));
            }
            catch
            {
                Console.Error.WriteLine((await rig.StatusAsync()).ToJsonString());
                throw;
            }

            return rig;
        }
        catch
        {
            if (server is not null)
            {
                Console.Error.WriteLine(server.Output);
                await server.DisposeAsync();
            }

            if (frontEnd is not null)
            {
                await frontEnd.DisposeAsync();
            }

            if (setup?.Companion is { } companion)
            {
                await companion.DisposeAsync();
            }

            await janus.DisposeAsync();
            throw;
        }
    }

    /// <summary>The server's first egress entry in its <c>status</c> (control socket), or null.</summary>
    public async Task<JsonObject?> EgressAsync() => (await StatusAsync())["egress"]?.AsArray().FirstOrDefault()?.AsObject();

    /// <summary>The server's <c>status</c>, read over its control socket.</summary>
    public async Task<JsonObject> StatusAsync()
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(Server.ControlSocket), cancellationToken).ConfigureAwait(false);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        return JsonNode.Parse(await http.GetStringAsync(new Uri("http://control/control/status")).ConfigureAwait(false))!.AsObject();
    }

    /// <summary>Bytes this side of the veth pair sent towards Janus's namespace (the server's egress, and subscribers' RTCP).</summary>
    public long HostInterfaceBytesSent() =>
        long.Parse(File.ReadAllText($"/sys/class/net/{Janus.HostInterface}/statistics/tx_bytes").Trim(), System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync().ConfigureAwait(false);
        await FrontEnd.DisposeAsync().ConfigureAwait(false);
        if (Companion is not null)
        {
            await Companion.DisposeAsync().ConfigureAwait(false);
        }

        await Janus.DisposeAsync().ConfigureAwait(false);
    }
}

/// <summary>What a test adds to an <see cref="SfuRig"/>: lines for the server's tables, and a companion disposed with the rig.</summary>
/// <param name="TransportConfig">Lines for <c>[transport.webrtc]</c> (e.g. <c>turn_servers</c>).</param>
/// <param name="PublishConfig">Lines for <c>[signaling.whip_publish]</c> (e.g. <c>ice_transport_policy</c>).</param>
/// <param name="Companion">E.g. a TURN server the rig stops after the server.</param>
public sealed record SfuRigSetup(string TransportConfig = "", string PublishConfig = "", IAsyncDisposable? Companion = null);
