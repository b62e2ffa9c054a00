using Microsoft.Extensions.Configuration;
using WlWebRtc.Transport.WebRtc.Plugin;

namespace WlWebRtc.WebRtc.Tests.Plugin;

public sealed class FecOptionsTests
{
    [Fact]
    public void Read_Defaults_FecOffAuto()
    {
        var (options, keys) = Read([]);

        Assert.Empty(keys);
        Assert.False(options.Enabled);
        Assert.Equal(0, options.Protection);
    }

    [Theory]
    [InlineData("ulpfec", "0.25", true, 0.25)]
    [InlineData("ULPFEC", "auto", true, 0)]
    [InlineData("off", "1", false, 1)]
    public void Read_ValidValues_AreTaken(string fec, string protection, bool enabled, double expected)
    {
        var (options, keys) = Read(new() { ["fec"] = fec, ["fec_protection"] = protection });

        Assert.Empty(keys);
        Assert.Equal(enabled, options.Enabled);
        Assert.Equal(expected, options.Protection);
    }

    [Fact]
    public void Read_BadValues_ReportsBothKeys()
    {
        var (_, keys) = Read(new() { ["fec"] = "flexfec", ["fec_protection"] = "2" });

        Assert.Equal(["fec", "fec_protection"], keys);
    }

    private static (FecOptions Options, string[] Keys) Read(Dictionary<string, string?> values)
    {
        var (options, errors) = WebRtcTransportOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return (options.Fec, errors.Select(e => e.Key).Order(StringComparer.Ordinal).ToArray());
    }
}
