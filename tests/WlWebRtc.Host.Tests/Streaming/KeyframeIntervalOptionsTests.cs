using WlWebRtc.Configuration;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Tests.Streaming;

/// <summary><c>encoder.min_keyframe_interval_ms</c>: read, defaulted and bounded like every other setting.</summary>
public sealed class KeyframeIntervalOptionsTests
{
    private static (WlWebRtcOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(string? value)
    {
        var flags = new Dictionary<string, string?>();
        if (value is not null)
        {
            flags["encoder:min_keyframe_interval_ms"] = value;
        }

        var (options, errors) = WlWebRtcOptions.Read(ConfigurationLoader.Load(null, flags, useEnvironment: false));
        return (options, errors);
    }

    [Fact]
    public void Read_NotSet_DefaultsToHalfASecond()
    {
        var (options, errors) = Read(null);

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options!.Encoder.MinKeyframeInterval);
    }

    [Fact]
    public void Read_InRange_Used()
    {
        var (options, errors) = Read("750");

        Assert.Empty(errors);
        Assert.Equal(TimeSpan.FromMilliseconds(750), options!.Encoder.MinKeyframeInterval);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("99")]
    [InlineData("5001")]
    [InlineData("soon")]
    public void Read_OutOfRangeOrNotANumber_ErrorNamesTheKey(string value)
    {
        var (options, errors) = Read(value);

        Assert.Null(options);
        Assert.Equal("encoder.min_keyframe_interval_ms", Assert.Single(errors).Key);
    }
}
