using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using WlWebRtc.Host.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Cli;

/// <summary>The real wlwebrtc executable, with its real plugins, run as a child process.</summary>
public sealed class CommandLineTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task ListPlugins_Json_TestPatternAvailableAndEveryOtherPluginSaysWhy()
    {
        var (exit, stdout, stderr) = await HostProcess.RunAsync(["--list-plugins", "--json"], Isolated());

        Assert.True(exit == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var plugins = json.RootElement.GetProperty("plugins").EnumerateArray().ToArray();
        var testpattern = plugins.Single(p => p.GetProperty("name").GetString() == "testpattern");
        Assert.Equal("available", testpattern.GetProperty("status").GetString());
        Assert.True(testpattern.GetProperty("selected").GetBoolean());
        Assert.All(plugins, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("reason").GetString())));
        var x264 = plugins.Single(p => p.GetProperty("name").GetString() == "x264");
        Assert.Equal("available", x264.GetProperty("status").GetString());
        foreach (var gpu in new[] { "vaapi", "nvenc" })
        {
            var entry = plugins.Single(p => p.GetProperty("name").GetString() == gpu);
            Assert.Equal("unavailable", entry.GetProperty("status").GetString());
        }

        var hardware = json.RootElement.GetProperty("hardware").EnumerateArray().ToArray();
        Assert.Contains(hardware, h => h.GetProperty("component").GetString() == "cpu" && h.GetProperty("status").GetString() == "present");
        Assert.All(hardware, h => Assert.False(string.IsNullOrWhiteSpace(h.GetProperty("detail").GetString())));
    }

    [Fact]
    public async Task Plugins_Table_ListsKindNameStatusAndHardware()
    {
        var (exit, stdout, stderr) = await HostProcess.RunAsync(["plugins"], Isolated());

        Assert.True(exit == 0, stderr);
        Assert.Contains("testpattern", stdout, StringComparison.Ordinal);
        Assert.Contains("Hardware and session", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_InvalidFile_ExitTwoAndEveryErrorWithItsKey()
    {
        var file = _dir.Combine("bad.toml");
        await File.WriteAllTextAsync(file, "[encoder]\nbitrate = -5\n[server]\nlisten = \"nowhere\"\n[capture.testpattern]\nwidth = 13\n");

        var (exit, _, stderr) = await HostProcess.RunAsync(["config", "check", file], Isolated());

        Assert.Equal(2, exit);
        Assert.Contains("encoder.bitrate: must be between 100000 and 200000000, got -5", stderr, StringComparison.Ordinal);
        Assert.Contains("server.listen:", stderr, StringComparison.Ordinal);
        Assert.Contains("capture.testpattern.width:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigCheck_ShippedConfig_IsValid()
    {
        var (exit, stdout, stderr) = await HostProcess.RunAsync(["config", "check", Path.Combine(RepoPaths.Root, "config.toml")], Isolated());

        Assert.True(exit == 0, stderr);
        Assert.EndsWith("config.toml: valid", stdout.Trim(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigShow_EnvironmentAndFlags_OverrideInOrder()
    {
        var environment = Isolated();
        environment["WLWEBRTC_CAPTURE__TESTPATTERN__WIDTH"] = "1920";
        environment["WLWEBRTC_ENCODER__PLUGIN"] = "vaapi";

        var (exit, stdout, stderr) = await HostProcess.RunAsync(["config", "show", "--encoder", "x264"], environment);

        Assert.True(exit == 0, stderr);
        Assert.Contains("capture.testpattern.width = 1920", stdout, StringComparison.Ordinal);
        Assert.Contains("encoder.plugin = x264", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeEncoder_X264AndVaapi_RealTestEncodeAndHonestReason()
    {
        var x264 = await HostProcess.RunAsync(["probe-encoder", "x264"], Isolated());
        var vaapi = await HostProcess.RunAsync(["probe-encoder", "vaapi"], Isolated());

        Assert.True(x264.ExitCode == 0, x264.Stderr);
        using var ok = JsonDocument.Parse(x264.Stdout);
        Assert.True(ok.RootElement.GetProperty("available").GetBoolean());
        Assert.Contains("IDR with SPS/PPS", ok.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
        using var no = JsonDocument.Parse(vaapi.Stdout);
        Assert.False(no.RootElement.GetProperty("available").GetBoolean());
        Assert.False(string.IsNullOrWhiteSpace(no.RootElement.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task Status_NothingRunning_ExitThree()
    {
        var (exit, _, stderr) = await HostProcess.RunAsync(["status", "--control-socket", _dir.Combine("none.sock")], Isolated());

        Assert.Equal(3, exit);
        Assert.Contains("wlwebrtc is not running", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ForcedEncoderUnavailable_ExitFourSayingWhy()
    {
        var (exit, _, stderr) = await HostProcess.RunAsync(["start", "--encoder", "vaapi", "--config", Config(FreePorts.Tcp())], Isolated());

        Assert.Equal(4, exit);
        Assert.Contains("encoder plugin 'vaapi' is unavailable", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_ThenStatusAndStop_StopsGracefullyWithExitZero()
    {
        var port = FreePorts.Tcp();
        using var server = HostProcess.Start(["start", "--capture", "testpattern", "--encoder", "x264", "--config", Config(port)], Isolated());
        await server.WaitForLogAsync("Serving viewers at", TimeSpan.FromSeconds(90));

        var status = await HostProcess.RunAsync(["status", "--json", "--control-socket", ControlSocket], Isolated());
        var stop = await HostProcess.RunAsync(["stop", "--control-socket", ControlSocket], Isolated());
        var exit = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(status.ExitCode == 0, status.Stderr);
        using var json = JsonDocument.Parse(status.Stdout);
        Assert.Equal("testpattern", json.RootElement.GetProperty("plugins").GetProperty("capture").GetString());
        Assert.Equal("x264", json.RootElement.GetProperty("plugins").GetProperty("encoder").GetString());
        Assert.Equal(0, json.RootElement.GetProperty("viewers").GetInt32());
        Assert.Equal($"http://127.0.0.1:{port}", json.RootElement.GetProperty("listen").GetString());
        Assert.Equal(0, stop.ExitCode);
        Assert.Equal(0, exit);
        Assert.False(File.Exists(ControlSocket), "the control socket is removed on exit");
    }

    [Fact]
    public async Task Start_Sigterm_StopsGracefullyWithExitZero()
    {
        using var server = HostProcess.Start(["start", "--capture", "testpattern", "--config", Config(FreePorts.Tcp())], Isolated());
        await server.WaitForLogAsync("Serving viewers at", TimeSpan.FromSeconds(90));

        server.Signal(15);
        var exit = await server.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, exit);
        Assert.Contains("Stopping", server.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_LogsTheViewerUrlWithARandomToken_AndTheListenerRequiresNothingElseToBind()
    {
        var port = FreePorts.Tcp();
        using var server = HostProcess.Start(["start", "--capture", "testpattern", "--config", Config(port)], Isolated());
        await server.WaitForLogAsync("Serving viewers at", TimeSpan.FromSeconds(90));

        var line = server.StandardError.Split('\n').First(l => l.Contains("Serving viewers at", StringComparison.Ordinal));
        Assert.Matches($@"http://127\.0\.0\.1:{port}/\?token=[A-Za-z0-9_-]{{22}} ", line);
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
    }

    private string ControlSocket => _dir.Combine("control.sock");

    /// <summary>A config with its own port and control socket, so tests can run side by side.</summary>
    private string Config(int port)
    {
        var path = _dir.Combine($"config-{port}.toml");
        File.WriteAllText(path, $"[server]\nlisten = \"127.0.0.1:{port}\"\ncontrol_socket = \"{ControlSocket}\"\n[capture.testpattern]\nwidth = 896\nheight = 512\nfps = 30\n");
        return path;
    }

    private Dictionary<string, string?> Isolated() => HostProcess.IsolatedEnvironment(_dir);
}
