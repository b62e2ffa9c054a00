using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WlWebRtc.Host.Tests.Support;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Turn;

namespace WlWebRtc.Host.Tests.Cli;

/// <summary>
/// Bad [transport.webrtc] network config through the real executable: --list-plugins names the reason (a real
/// coturn refusing the password, a UDP port bound here), and start fails with it instead of hanging.
/// </summary>
public sealed class TransportConfigCheckTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ListPlugins_TurnServerRejectsThePassword_WebRtcReasonSaysSo()
    {
        await using var turn = await CoturnServer.StartAsync();
        var config = Config($"""
            turn_servers = ["turn:127.0.0.1:{turn.Port}?transport=udp"]
            turn_username = "{CoturnServer.Username}"
            turn_credential = "wrong"
            """);

        var webrtc = await ListWebRtcAsync(config);

        Assert.Equal("available", webrtc.GetProperty("status").GetString());
        var reason = webrtc.GetProperty("reason").GetString()!;
        Assert.Contains($"TURN turn:127.0.0.1:{turn.Port}?transport=udp FAILED", reason, StringComparison.Ordinal);
        Assert.Contains("401", reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPlugins_UnresolvableTurnHost_WebRtcReasonSaysSo()
    {
        var config = Config("""
            turn_servers = ["turns:no-such-turn-host.invalid"]
            turn_shared_secret = "s3cret"
            """);

        var webrtc = await ListWebRtcAsync(config);

        Assert.Contains("Cannot resolve TURN server host 'no-such-turn-host.invalid'", webrtc.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListPluginsAndStart_FixedUdpPortTaken_UnavailableAndStartFailsSayingSo()
    {
        using var holder = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        holder.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)holder.LocalEndPoint!).Port;
        var config = Config($"port = {port}");

        var webrtc = await ListWebRtcAsync(config);
        var (exit, _, stderr) = await HostProcess.RunAsync(["start", "--capture", "testpattern", "--config", config], HostProcess.IsolatedEnvironment(_dir));

        Assert.Equal("unavailable", webrtc.GetProperty("status").GetString());
        Assert.Contains($"transport.webrtc.port {port}: UDP 127.0.0.1:{port} is already in use", webrtc.GetProperty("reason").GetString(), StringComparison.Ordinal);
        Assert.NotEqual(0, exit);
        Assert.Contains($"UDP 127.0.0.1:{port} is already in use", stderr, StringComparison.Ordinal);
    }

    private async Task<JsonElement> ListWebRtcAsync(string config)
    {
        var (exit, stdout, stderr) = await HostProcess.RunAsync(["--list-plugins", "--json", "--config", config], HostProcess.IsolatedEnvironment(_dir));
        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        return json.RootElement.GetProperty("plugins").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "webrtc").Clone();
    }

    private string Config(string transport)
    {
        var path = _dir.Combine($"config-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, $"""
            [server]
            listen = "127.0.0.1:{FreePorts.Tcp()}"
            control_socket = "{_dir.Combine("control.sock")}"
            [capture.testpattern]
            width = 640
            height = 360
            fps = 30
            [transport.webrtc]
            interfaces = ["127.0.0.1"]
            ipv6 = false
            {transport}
            """);
        return path;
    }
}
