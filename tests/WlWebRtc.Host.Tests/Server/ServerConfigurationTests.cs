using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Tests.Support;

namespace WlWebRtc.Host.Tests.Server;

/// <summary>The <c>[server]</c> keys for the metrics token and the HTTP limits.</summary>
public sealed class ServerConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private (WlWebRtcOptions? Options, IReadOnlyList<WlWebRtc.Configuration.ConfigurationError> Errors) Read(string toml)
    {
        var file = Path.Combine(_dir.Path, "config.toml");
        File.WriteAllText(file, toml);
        return WlWebRtcOptions.Read(ConfigurationLoader.Load(file, new Dictionary<string, string?>(), useEnvironment: false));
    }

    [Fact]
    public void Read_Defaults_MetricsOnlyOnTheControlSocketAndHttpLimitsSet()
    {
        var (options, errors) = Read("[server]\n");
        Assert.Empty(errors);
        Assert.Null(options!.Server.MetricsToken);
        Assert.Equal(HttpLimits.Default, options.Server.Http);
    }

    [Fact]
    public void Read_MetricsTokenEqualToAViewerToken_Refused()
    {
        var (_, errors) = Read("""
            [server]
            token = "viewer-token-0123456789"
            control_token = "control-token-0123456789"
            metrics_token = "viewer-token-0123456789"
            """);
        Assert.Contains(errors, e => e.Key == "server.metrics_token" && e.Message.Contains("differ", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_BadHttpLimits_EveryErrorWithItsKey()
    {
        var (options, errors) = Read("""
            [server]
            metrics_token = "short"
            max_connections = 0
            request_headers_timeout_seconds = 0
            keep_alive_timeout_seconds = "x"
            min_request_body_bytes_per_second = -1
            """);
        Assert.Null(options);
        Assert.Equal(
            ["server.keep_alive_timeout_seconds", "server.max_connections", "server.metrics_token", "server.min_request_body_bytes_per_second", "server.request_headers_timeout_seconds"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_MoreUpgradedThanConnections_Refused()
    {
        var (_, errors) = Read("[server]\nmax_connections = 10\nmax_upgraded_connections = 20\n");
        Assert.Contains(errors, e => e.Key == "server.max_upgraded_connections");
    }
}
