using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Host.Streaming.Degradation;

namespace WlWebRtc.Host.Tests.Streaming.Degradation;

public sealed class DegradationOptionsTests
{
    private static (DegradationOptions Options, List<ConfigurationError> Errors) Read(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("degradation:" + v.Key, v.Value)))
            .Build();
        var errors = new List<ConfigurationError>();
        return (DegradationOptions.Read(configuration.GetSection("degradation"), errors), errors);
    }

    [Fact]
    public void Read_Empty_Defaults()
    {
        var (options, errors) = Read();

        Assert.Empty(errors);
        Assert.Equal(DegradationOptions.Default, options);
        Assert.True(options.Enabled);
        Assert.Equal(5, options.MinFrameRate);
    }

    [Fact]
    public void Read_Values_Taken()
    {
        var (options, errors) = Read(("enabled", "false"), ("min_fps", "10"), ("low_bits_per_pixel", "0.02"), ("restore_bits_per_pixel", "0.04"), ("restore_hold_ms", "1000"), ("scale_down", "false"), ("min_height", "480"));

        Assert.Empty(errors);
        Assert.Equal(new DegradationOptions { Enabled = false, MinFrameRate = 10, LowBitsPerPixel = 0.02, RestoreBitsPerPixel = 0.04, RestoreHold = TimeSpan.FromSeconds(1), ScaleDown = false, MinHeight = 480 }, options);
    }

    [Fact]
    public void Read_BadValues_EveryErrorKeyed()
    {
        var (_, errors) = Read(("min_fps", "0"), ("low_bits_per_pixel", "2"), ("restore_hold_ms", "-1"), ("colour", "red"), ("min_height", "8"));

        Assert.Equal(["degradation.colour", "degradation.low_bits_per_pixel", "degradation.min_fps", "degradation.min_height", "degradation.restore_hold_ms"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_RestoreNotAboveLow_Error()
    {
        var (_, errors) = Read(("low_bits_per_pixel", "0.03"), ("restore_bits_per_pixel", "0.03"));

        Assert.Equal("degradation.restore_bits_per_pixel", Assert.Single(errors).Key);
    }
}
