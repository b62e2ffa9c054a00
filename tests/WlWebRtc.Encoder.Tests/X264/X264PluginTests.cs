using System.Text.Json;
using WlWebRtc.Encoder.Tests.Support;
using WlWebRtc.Encoder.X264;
using WlWebRtc.Plugins;

namespace WlWebRtc.Encoder.Tests.X264;

public sealed class X264PluginTests
{
    [Fact]
    public void Metadata_Always_NamesX264WithChildProcessProbeAndPriority100()
    {
        var metadata = new X264EncoderPlugin().Metadata;
        Assert.Equal(("x264", PluginKind.Encoder, 100, ProbeIsolation.ChildProcess), (metadata.Name, metadata.Kind, metadata.Priority, metadata.ProbeIsolation));
    }

    [Fact]
    public void ValidateSettings_SeveralBadValues_ReturnsEveryError()
    {
        var errors = new X264EncoderPlugin().ValidateSettings(TestContexts.Settings(
            ("preset", "warp"), ("tune", "zerolatency,turbo"), ("profile", "baseline-ish"), ("level", "9.9"),
            ("threads", "-3"), ("sliced-threads", "maybe"), ("vbv-buffer-ms", "5"), ("x264-params", "nonsense"), ("colour", "x")));

        Assert.Equal(
            ["colour", "level", "preset", "profile", "sliced-threads", "threads", "tune", "vbv-buffer-ms", "x264-params"],
            errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void ValidateSettings_Defaults_NoErrors() =>
        Assert.Empty(new X264EncoderPlugin().ValidateSettings(TestContexts.Settings()));

    [Fact]
    public async Task ProbeAsync_WithLibx264_AvailableAfterRealTestEncode()
    {
        var result = await new X264EncoderPlugin().ProbeAsync(TestContexts.Create(), CancellationToken.None);
        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("IDR with SPS/PPS", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunBenchmarkAsync_SmallRunAsJson_ReportsEveryMeasureAndTheFfmpegReference()
    {
        using var output = new StringWriter();
        var code = await new X264EncoderPlugin().RunBenchmarkAsync(
            "encode", ["--size", "320x240", "--fps", "30", "--frames", "20", "--json"], output, TestContexts.Create(), CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal("x264", root.GetProperty("encoder").GetString());
        Assert.Equal(20, root.GetProperty("frames").GetInt32());
        foreach (var name in new[] { "conversionMilliseconds", "encodeMilliseconds", "totalMilliseconds" })
        {
            var p = root.GetProperty(name);
            Assert.True(p.GetProperty("p50").GetDouble() > 0, name);
            Assert.True(p.GetProperty("p99").GetDouble() >= p.GetProperty("p50").GetDouble(), name);
        }

        Assert.True(root.GetProperty("throughputFramesPerSecond").GetDouble() > 0);
        Assert.True(root.GetProperty("cpuMillisecondsPerFrame").GetDouble() > 0);
        Assert.True(root.GetProperty("peakRssMegabytes").GetDouble() > 0);
        var reference = root.GetProperty("reference");
        Assert.True(reference.ValueKind == JsonValueKind.Object, "ffmpeg must be on PATH (Debian package ffmpeg) for the side-by-side reference: " + root.GetProperty("referenceSkipped"));
        Assert.Contains("-c:v libx264", reference.GetProperty("command").GetString(), StringComparison.Ordinal);
        Assert.True(reference.GetProperty("cpuRatio").GetDouble() > 0);
    }

    [Fact]
    public async Task RunBenchmarkAsync_TwoContentProfiles_ReportsBitrateAndPsnrForEach()
    {
        using var output = new StringWriter();
        var code = await new X264EncoderPlugin().RunBenchmarkAsync(
            "encode", ["--size", "896x64", "--fps", "30", "--frames", "12", "--bitrate", "2000000", "--content", "static,motion", "--json"], output, TestContexts.Create(), CancellationToken.None);

        Assert.True(code == 0, output.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        var reports = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(["static", "motion"], reports.Select(r => r.GetProperty("content").GetString()));
        foreach (var report in reports)
        {
            Assert.True(report.GetProperty("outputBitsPerSecond").GetDouble() > 0);
            Assert.True(report.GetProperty("lumaPsnrDecibels").GetDouble() is > 15 and <= 99, output.ToString());
            Assert.True(report.GetProperty("largestFrameBytes").GetInt64() > 0);
        }

        // Fresh noise and sliding bands cost more bits than a still desktop with a blinking cursor.
        Assert.True(reports[1].GetProperty("outputBitsPerSecond").GetDouble() > reports[0].GetProperty("outputBitsPerSecond").GetDouble());
    }

    [Theory]
    [InlineData("encode", new[] { "--size", "axb" })]
    [InlineData("encode", new[] { "--content", "video" })]
    [InlineData("encode", new[] { "--frames" })]
    [InlineData("encode", new[] { "--bogus" })]
    [InlineData("transport", new string[0])]
    public async Task RunBenchmarkAsync_BadArguments_Returns2WithMessage(string name, string[] arguments)
    {
        using var output = new StringWriter();
        var code = await new X264EncoderPlugin().RunBenchmarkAsync(name, arguments, output, TestContexts.Create(), CancellationToken.None);
        Assert.Equal(2, code);
        Assert.False(string.IsNullOrWhiteSpace(output.ToString()));
    }
}
