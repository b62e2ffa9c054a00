using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture.TestPattern;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.TestPattern.Tests;

public sealed class TestPatternBenchmarkTests
{
    [Fact]
    public async Task RunBenchmarkAsync_ShortJsonRun_ReportsFramesAndCpu()
    {
        using var output = new StringWriter();

        var code = await new TestPatternPlugin().RunBenchmarkAsync("capture", ["--size", "896x64", "--fps", "100", "--seconds", "0.5", "--json"], output, Context(), CancellationToken.None);

        Assert.Equal(0, code);
        using var json = JsonDocument.Parse(output.ToString());
        Assert.Equal("896x64", json.RootElement.GetProperty("size").GetString());
        Assert.True(json.RootElement.GetProperty("frames").GetInt64() > 0);
        Assert.True(json.RootElement.GetProperty("cpu_ms_per_frame").GetDouble() >= 0);
        Assert.True(json.RootElement.TryGetProperty("cpu_percent_of_one_core", out _));
    }

    [Theory]
    [InlineData("--size", "13x13")]
    [InlineData("--fps", "0")]
    [InlineData("--bogus", "1")]
    public async Task RunBenchmarkAsync_BadArguments_Returns2WithMessage(string option, string value)
    {
        using var output = new StringWriter();

        var code = await new TestPatternPlugin().RunBenchmarkAsync("capture", [option, value], output, Context(), CancellationToken.None);

        Assert.Equal(2, code);
        Assert.StartsWith("bench capture:", output.ToString(), StringComparison.Ordinal);
    }

    private static PluginContext Context() =>
        new(new ConfigurationBuilder().Build(), new ConfigurationBuilder().Build(), HardwareInventory.Empty, NullLoggerFactory.Instance);
}
