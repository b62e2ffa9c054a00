using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace WlWebRtc.Testing.Janus;

/// <summary>
/// A real Janus (Debian's <c>janus</c> 1.1.2) with a VideoRoom pinned to H.264 42e01f, in a network namespace of its
/// own joined to this one by a veth pair (<see cref="HostInterface"/> here with <see cref="HostAddress"/>, Janus
/// behind <see cref="JanusAddress"/>): libnice gathers nothing on loopback, so Janus gets a real interface and
/// <c>nat.ice_enforce_list</c> names it. The config files are written here; the HTTP API is at <see cref="ApiUrl"/>.
/// <see cref="RestartAsync"/> kills and starts Janus again (every session is lost). Needs root (ip netns).
/// </summary>
public sealed class JanusServer : IAsyncDisposable
{
    /// <summary>The VideoRoom the config creates.</summary>
    public const long Room = 1234;

    private const string LibraryFolder = "/usr/lib/x86_64-linux-gnu/janus";

    private readonly string _directory;
    private readonly string _namespace;
    private readonly int _apiPort;
    private readonly bool _ownsNamespace;
    private string _janusInterface = string.Empty;
    private int _portBase;
    private Process? _process;

    private JanusServer(string directory, string netns, string hostInterface, int subnet, int apiPort = 8088, bool ownsNamespace = true)
    {
        _directory = directory;
        _namespace = netns;
        _apiPort = apiPort;
        _ownsNamespace = ownsNamespace;
        HostInterface = hostInterface;
        HostAddress = IPAddress.Parse($"10.213.{subnet}.1");
        JanusAddress = IPAddress.Parse($"10.213.{subnet}.2");
    }

    public static string Executable => "/usr/bin/janus";

    /// <summary>This side of the veth pair: the server under test offers candidates on it (<c>transport.webrtc.interfaces</c>).</summary>
    public string HostInterface { get; }

    public IPAddress HostAddress { get; }

    public IPAddress JanusAddress { get; }

    public Uri ApiUrl => new($"http://{JanusAddress}:{_apiPort}/janus");

    /// <summary>The admin API (handle_info: a handle's ICE, RTP and RTCP statistics, NACKs included); every request carries <see cref="AdminSecret"/>.</summary>
    public Uri AdminUrl => new($"http://{JanusAddress}:{_apiPort - 1000}/admin");

    public const string AdminSecret = "wlwebrtc-janus-admin";

    public string Log => File.Exists(LogPath) ? File.ReadAllText(LogPath) : string.Empty;

    private string LogPath => Path.Combine(_directory, "janus.log");

    public static async Task<JanusServer> StartAsync()
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException("janus is not installed: run scripts/install-deps.sh test (it installs the janus package).");
        }

        var directory = Directory.CreateTempSubdirectory("wlwebrtc-janus-").FullName;
        var suffix = Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var subnet = FreeSubnet();
        var netns = "wlwj-" + suffix;
        var server = new JanusServer(directory, netns, "wlwj" + suffix + "h", subnet);
        try
        {
            await server.CreateNetworkAsync("wlwj" + suffix + "n").ConfigureAwait(false);
            server.WriteConfig("wlwj" + suffix + "n", 40000 + (Random.Shared.Next(0, 50) * 200));
            await server.StartProcessAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// A second Janus in this one's namespace (same address, its own HTTP API port and RTP ports, the same room): an edge
    /// for cascading. Disposing it leaves the namespace to this one.
    /// </summary>
    public async Task<JanusServer> StartNeighbourAsync()
    {
        var directory = Directory.CreateTempSubdirectory("wlwebrtc-janus-").FullName;
        var subnet = int.Parse(HostAddress.ToString().Split('.')[2], CultureInfo.InvariantCulture);
        var neighbour = new JanusServer(directory, _namespace, HostInterface, subnet, _apiPort + 1, ownsNamespace: false);
        try
        {
            // RTP ports 10000 above this one's (its range is 200 wide within 40000-50000).
            neighbour.WriteConfig(_janusInterface, _portBase + 10000);
            await neighbour.StartProcessAsync().ConfigureAwait(false);
            return neighbour;
        }
        catch
        {
            await neighbour.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs a command inside Janus's network namespace (e.g. <c>nft</c> rules that keep a path out); throws when it fails.</summary>
    public Task ExecAsync(params string[] command) => RunCheckedAsync("ip", ["netns", "exec", _namespace, .. command]);

    /// <summary>Kills Janus and starts it again with the same config: every session and publisher is gone.</summary>
    public async Task RestartAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        await StartProcessAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopProcessAsync().ConfigureAwait(false);
        if (_ownsNamespace)
        {
            // Deleting the namespace deletes the veth pair with it.
            await RunAsync("ip", "netns", "delete", _namespace).ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // A log still open: the temp directory is left.
        }
    }

    private async Task CreateNetworkAsync(string janusInterface)
    {
        var host = HostAddress.ToString();
        var janus = JanusAddress.ToString();
        await RunCheckedAsync("ip", "netns", "add", _namespace).ConfigureAwait(false);
        await RunCheckedAsync("ip", "link", "add", HostInterface, "type", "veth", "peer", "name", janusInterface, "netns", _namespace).ConfigureAwait(false);
        await RunCheckedAsync("ip", "addr", "add", host + "/24", "dev", HostInterface).ConfigureAwait(false);
        await RunCheckedAsync("ip", "link", "set", HostInterface, "up").ConfigureAwait(false);
        await RunCheckedAsync("ip", "netns", "exec", _namespace, "ip", "addr", "add", janus + "/24", "dev", janusInterface).ConfigureAwait(false);
        await RunCheckedAsync("ip", "netns", "exec", _namespace, "ip", "link", "set", janusInterface, "up").ConfigureAwait(false);
        await RunCheckedAsync("ip", "netns", "exec", _namespace, "ip", "link", "set", "lo", "up").ConfigureAwait(false);
    }

    private void WriteConfig(string janusInterface, int portBase)
    {
        _janusInterface = janusInterface;
        _portBase = portBase;
        File.WriteAllText(Path.Combine(_directory, "janus.jcfg"), $$"""
            general: {
              configs_folder = "{{_directory}}"
              plugins_folder = "{{LibraryFolder}}/plugins"
              transports_folder = "{{LibraryFolder}}/transports"
              events_folder = "{{LibraryFolder}}/events"
              loggers_folder = "{{LibraryFolder}}/loggers"
              debug_level = 4
              admin_secret = "{{AdminSecret}}"
              session_timeout = 0
            }
            media: {
              rtp_port_range = "{{portBase}}-{{portBase + 199}}"
            }
            nat: {
              ice_enforce_list = "{{janusInterface}}"
              ignore_mdns = true
            }
            plugins: {
              disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so"
            }
            transports: {
              disable = "libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so,libjanus_websockets.so"
            }
            """);
        File.WriteAllText(Path.Combine(_directory, "janus.transport.http.jcfg"), $$"""
            general: {
              json = "plain"
              base_path = "/janus"
              http = true
              port = {{_apiPort}}
              ip = "{{JanusAddress}}"
              https = false
            }
            admin: {
              admin_http = true
              admin_base_path = "/admin"
              admin_port = {{_apiPort - 1000}}
              admin_ip = "{{JanusAddress}}"
              admin_https = false
            }
            """);

        // H.264 constrained baseline 3.1 only (what the server offers first); the room asks publishers for a keyframe
        // every fir_freq seconds, and a subscriber joining gets one through a PLI.
        File.WriteAllText(Path.Combine(_directory, "janus.plugin.videoroom.jcfg"), $$"""
            general: {
            }
            room-{{Room}}: {
              description = "wlwebrtc"
              publishers = 4
              bitrate = 0
              fir_freq = 10
              videocodec = "h264"
              h264_profile = "42e01f"
              audiocodec = "opus"
            }
            """);
    }

    private async Task StartProcessAsync()
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in new[] { "netns", "exec", _namespace, Executable, "-F", _directory, "-C", Path.Combine(_directory, "janus.jcfg"), "-o", "-L", LogPath })
        {
            start.ArgumentList.Add(argument);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("janus did not start");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Poll.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"janus exited with {_process.ExitCode}: {Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri(ApiUrl, "janus/info")).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException)
            {
                return false;
            }
        }, "janus answers on its HTTP API", TimeSpan.FromSeconds(30)).ConfigureAwait(false);
    }

    private async Task StopProcessAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        process.Dispose();
    }

    /// <summary>A 10.213.N.0/24 no interface here uses yet.</summary>
    private static int FreeSubnet()
    {
        var used = System.Net.NetworkInformation.NetworkInterface.GetAllNetworkInterfaces()
            .SelectMany(i => i.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address.ToString())
            .Where(a => a.StartsWith("10.213.", StringComparison.Ordinal))
            .Select(a => int.Parse(a.Split('.')[2], CultureInfo.InvariantCulture))
            .ToHashSet();
        return Enumerable.Range(1, 250).OrderBy(_ => Random.Shared.Next()).First(n => !used.Contains(n));
    }

    private static async Task RunCheckedAsync(string file, params string[] arguments)
    {
        var (code, output) = await RunAsync(file, arguments).ConfigureAwait(false);
        if (code != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({code}): {output} (the Janus fixture needs root for ip netns and veth)");
        }
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync().ConfigureAwait(false) + await process.StandardError.ReadToEndAsync().ConfigureAwait(false);
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, output);
    }
}
