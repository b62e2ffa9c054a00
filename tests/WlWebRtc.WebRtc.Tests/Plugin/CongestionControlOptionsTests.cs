using Microsoft.Extensions.Configuration;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Session;

namespace WlWebRtc.WebRtc.Tests.Plugin;

public sealed class CongestionControlOptionsTests
{
    private static (CongestionControlOptions Options, string[] Keys) Read(Dictionary<string, string?> values)
    {
        var (options, errors) = WebRtcTransportOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return (options.Congestion, errors.Select(e => e.Key).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void Read_Defaults_ModestStartPacingAndProbing()
    {
        var (options, keys) = Read([]);

        Assert.Empty(keys);
        Assert.Equal((1_500_000, 150_000, 50_000_000), (options.StartBitrate, options.MinBitrate, options.MaxBitrate));
        Assert.Equal(2.5, options.PacingFactor);
        Assert.Equal(TimeSpan.FromMilliseconds(5), options.PacingBurst);
        Assert.Equal(TimeSpan.FromMilliseconds(250), options.MaxSendDelay);
        Assert.Equal(TimeSpan.FromSeconds(3), options.ProbeInterval);
    }

    [Fact]
    public void Read_EveryKey_IsRead()
    {
        var (options, keys) = Read(new()
        {
            ["start_bitrate"] = "2000000",
            ["min_bitrate"] = "500000",
            ["max_bitrate"] = "10000000",
            ["pacing_factor"] = "3",
            ["pacing_burst_ms"] = "10",
            ["max_send_delay_ms"] = "400",
            ["probe_interval_ms"] = "0",
        });

        Assert.Empty(keys);
        Assert.Equal((2_000_000, 500_000, 10_000_000), (options.StartBitrate, options.MinBitrate, options.MaxBitrate));
        Assert.Equal(3, options.PacingFactor);
        Assert.Equal(TimeSpan.FromMilliseconds(10), options.PacingBurst);
        Assert.Equal(TimeSpan.FromMilliseconds(400), options.MaxSendDelay);
        Assert.Null(options.ProbeInterval);
    }

    [Fact]
    public void Read_BadValues_ReportsEveryKey()
    {
        var (_, keys) = Read(new()
        {
            ["min_bitrate"] = "20000000",
            ["max_bitrate"] = "10000000",
            ["pacing_factor"] = "0.5",
            ["pacing_burst_ms"] = "0",
            ["max_send_delay_ms"] = "5",
            ["probe_interval_ms"] = "100",
        });

        Assert.Equal(["max_send_delay_ms", "min_bitrate", "pacing_burst_ms", "pacing_factor", "probe_interval_ms"], keys);
    }

    [Fact]
    public void Read_StartOutsideBounds_Error()
    {
        var (_, keys) = Read(new() { ["start_bitrate"] = "100000", ["min_bitrate"] = "300000" });

        Assert.Equal(["start_bitrate"], keys);
    }

    [Fact]
    public void SessionMediaOptions_HostAsksMoreThanTheStart_StartsAtTheConfiguredStart()
    {
        var video = new WlWebRtc.Transport.WebRtc.Sdp.NegotiatedVideo("0", 102, 103, "42e01f", 2, 3, 4, true, true, true, false, true, true);
        var congestion = new CongestionControlOptions { StartBitrate = 1_000_000, MinBitrate = 400_000, MaxBitrate = 5_000_000 };

        var options = SessionMediaOptions.Video(video, 1, 2, "c", 1200, 8_000_000, congestion);

        Assert.Equal((1_000_000, 400_000, 5_000_000), (options.StartBitrateBitsPerSecond, options.MinBitrateBitsPerSecond, options.MaxBitrateBitsPerSecond));
        Assert.Empty(options.Validate());
    }
}
