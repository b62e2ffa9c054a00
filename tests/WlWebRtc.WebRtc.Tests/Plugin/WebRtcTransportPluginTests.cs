using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Plugins;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.WebRtc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace WlWebRtc.WebRtc.Tests.Plugin;

public sealed class WebRtcTransportPluginTests(ITestOutputHelper output)
{
    private static IConfiguration Config(Dictionary<string, string?> values) => new ConfigurationBuilder().AddInMemoryCollection(values).Build();

    [Fact]
    public void Metadata_DescribesTheWebRtcTransport()
    {
        var plugin = new WebRtcTransportPlugin();

        Assert.Equal("webrtc", plugin.Metadata.Name);
        Assert.Equal(PluginKind.Transport, plugin.Metadata.Kind);
        Assert.Equal(100, plugin.Metadata.Priority);
        Assert.Equal(["transport"], plugin.BenchmarkNames);
    }

    [Fact]
    public void ValidateSettings_Defaults_NoErrors() => Assert.Empty(new WebRtcTransportPlugin().ValidateSettings(Config([])));

    [Fact]
    public void ValidateSettings_SeveralProblems_ReportsAllAtOnce()
    {
        var errors = new WebRtcTransportPlugin().ValidateSettings(Config(new()
        {
            ["port"] = "70000",
            ["mtu"] = "100",
            ["interfaces:0"] = "no-such-nic0",
            ["consent_timeout_seconds"] = "5",
            ["disconnected_timeout_seconds"] = "10",
            ["colour"] = "blue",
        }));

        var keys = errors.Select(e => e.Key).ToArray();
        Assert.Contains("port", keys);
        Assert.Contains("mtu", keys);
        Assert.Contains("interfaces", keys);
        Assert.Contains("disconnected_timeout_seconds", keys);
        Assert.Contains("colour", keys);
    }

    [Fact]
    public void ValidateSettings_PortRangeInSinglePortMode_Rejected()
    {
        var errors = new WebRtcTransportPlugin().ValidateSettings(Config(new() { ["port_min"] = "40000", ["port_max"] = "40010" }));

        Assert.Contains(errors, e => e.Key == "port_min" && e.Message.Contains("single_port", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_Loopback_AvailableWithReason()
    {
        var result = await new WebRtcTransportPlugin().ProbeAsync(PatternPipeline.Context(new() { ["interfaces:0"] = "127.0.0.1" }, NullLoggerFactory.Instance), CancellationToken.None);

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("127.0.0.1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_InvalidConfig_Unavailable()
    {
        var result = await new WebRtcTransportPlugin().ProbeAsync(PatternPipeline.Context(new() { ["mtu"] = "1" }, NullLoggerFactory.Instance), CancellationToken.None);

        Assert.False(result.IsAvailable);
        Assert.Contains("mtu", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateSession_PerSessionPortsFromRange_CandidatesUseTheRange()
    {
        var context = PatternPipeline.Context(new() { ["interfaces:0"] = "127.0.0.1", ["single_port"] = "false", ["port_min"] = "41000", ["port_max"] = "41020" }, NullLoggerFactory.Instance);
        await using var transport = await new WebRtcTransportPlugin().StartAsync(context, CancellationToken.None);
        await using var a = transport.CreateSession(new PeerSessionOptions("a"), new RecordingObserver());
        await using var b = transport.CreateSession(new PeerSessionOptions("b"), new RecordingObserver());

        var offerA = await a.CreateOfferAsync(CancellationToken.None);
        var offerB = await b.CreateOfferAsync(CancellationToken.None);

        var portA = PortOf(offerA.Sdp);
        var portB = PortOf(offerB.Sdp);
        Assert.InRange(portA, 41000, 41020);
        Assert.InRange(portB, 41000, 41020);
        Assert.NotEqual(portA, portB);
    }

    [Fact]
    public async Task StartAsync_HostListensOnLoopback_LoopbackCandidateOffered()
    {
        var settings = PatternPipeline.Context(new() { ["single_port"] = "false", ["port_min"] = "41030", ["port_max"] = "41050" }, NullLoggerFactory.Instance);
        var context = new PluginContext(settings.Settings, settings.KindSettings, settings.Hardware, settings.LoggerFactory) { ListenEndPoint = new IPEndPoint(IPAddress.Loopback, 8080) };
        await using var transport = await new WebRtcTransportPlugin().StartAsync(context, CancellationToken.None);
        await using var session = transport.CreateSession(new PeerSessionOptions("local"), new RecordingObserver());

        var offer = await session.CreateOfferAsync(CancellationToken.None);

        Assert.Contains(" 127.0.0.1 ", offer.Sdp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptOfferAsync_Garbage_ThrowsSessionDescriptionExceptionAndStaysNew()
    {
        await using var transport = await new WebRtcTransportPlugin().StartAsync(PatternPipeline.Context(new() { ["interfaces:0"] = "127.0.0.1" }, NullLoggerFactory.Instance), CancellationToken.None);
        await using var session = transport.CreateSession(new PeerSessionOptions("x"), new RecordingObserver());

        await Assert.ThrowsAsync<SessionDescriptionException>(() => session.AcceptOfferAsync(new SessionDescription(SdpType.Offer, "hello"), CancellationToken.None).AsTask());

        Assert.Equal(PeerSessionState.New, session.State);
        Assert.False(session.SendVideo(new TestAccessUnit()));
        Assert.Equal(1, session.GetStats().FramesDropped);
    }

    [Fact]
    public async Task RunBenchmarkAsync_ShortJsonRun_ReportsThroughputAndPerViewerCost()
    {
        var args = Environment.GetEnvironmentVariable("WLWEBRTC_BENCH_ARGS")?.Split(' ', StringSplitOptions.RemoveEmptyEntries) ?? ["--seconds", "1", "--viewers", "2"];
        using var writer = new StringWriter();

        var code = await new WebRtcTransportPlugin().RunBenchmarkAsync("transport", [.. args, "--json"], writer, PatternPipeline.Context([], NullLoggerFactory.Instance), CancellationToken.None);

        output.WriteLine(writer.ToString());
        Assert.Equal(0, code);
        var root = JsonDocument.Parse(writer.ToString()).RootElement;
        Assert.True(root.GetProperty("packetizeProtect").GetProperty("MegabitsPerSecondPerCore").GetDouble() > 0);
        Assert.Equal(3, root.GetProperty("realTime").GetArrayLength());
        Assert.True(root.GetProperty("realTime")[2].GetProperty("PacketsSent").GetInt64() > 0);
    }

    [Theory]
    [InlineData("transport", "--viewers", "0")]
    [InlineData("transport", "--profile", "rot13")]
    [InlineData("nonsense")]
    public async Task RunBenchmarkAsync_BadArguments_ReturnsTwo(string name, params string[] args)
    {
        using var writer = new StringWriter();

        var code = await new WebRtcTransportPlugin().RunBenchmarkAsync(name, args, writer, PatternPipeline.Context([], NullLoggerFactory.Instance), CancellationToken.None);

        Assert.Equal(2, code);
    }

    private static int PortOf(string sdp) =>
        int.Parse(sdp.Split("\r\n").First(l => l.StartsWith("m=video", StringComparison.Ordinal)).Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);

    private sealed class TestAccessUnit() : WlWebRtc.Media.EncodedAccessUnit(WlWebRtc.Media.VideoCodec.H264, true, 16, 16, WlWebRtc.Media.CaptureTime.Now(), 0)
    {
        public override ReadOnlyMemory<byte> Data { get; } = new byte[] { 0, 0, 0, 1, 0x65, 1, 2, 3 };

        protected override void Release()
        {
        }
    }
}
