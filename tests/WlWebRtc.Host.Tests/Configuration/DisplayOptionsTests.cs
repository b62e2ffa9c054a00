using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Tests.Configuration;

public sealed class DisplayOptionsTests
{
    [Fact]
    public void Read_NoTable_GivesTheDefaults()
    {
        var (options, errors) = Read([]);
        Assert.Empty(errors);
        Assert.Equal(DisplayOptions.Default, options);
        Assert.False(options.FollowViewer);
    }

    [Fact]
    public void Read_AllKeys_AreTaken()
    {
        var (options, errors) = Read(new()
        {
            ["display:follow_viewer"] = "true",
            ["display:min_width"] = "800",
            ["display:min_height"] = "600",
            ["display:max_width"] = "2560",
            ["display:max_height"] = "1600",
            ["display:output"] = "HEADLESS-2",
        });
        Assert.Empty(errors);
        Assert.Equal(new DisplayOptions(true, 800, 600, 2560, 1600) { Output = "HEADLESS-2" }, options);
    }

    [Theory]
    [InlineData("A\"B")]
    [InlineData("A\nB")]
    public void Read_OutputNameThatCannotBeAName_IsAnError(string name)
    {
        var (options, errors) = Read(new() { ["display:output"] = name });
        Assert.Contains(errors, e => e.Key == "display.output");
        Assert.Null(options.Output);
    }

    [Fact]
    public void Read_OutputStar_AllOutputsAtStart()
    {
        var (options, errors) = Read(new() { ["display:output"] = "*" });

        Assert.Empty(errors);
        Assert.Equal(WlWebRtc.Capture.IOutputSelection.AllOutputs, options.Output);
    }

    [Fact]
    public void Read_MinAboveMaxAndUnknownKey_ReportsEveryError()
    {
        var (_, errors) = Read(new()
        {
            ["display:min_width"] = "3000",
            ["display:max_width"] = "2000",
            ["display:min_height"] = "2000",
            ["display:max_height"] = "1000",
            ["display:follow"] = "true",
        });
        Assert.Contains(errors, e => e.Key == "display.min_width");
        Assert.Contains(errors, e => e.Key == "display.min_height");
        Assert.Contains(errors, e => e.Key == "display.follow");
    }

    [Fact]
    public void Read_SideOutOfRange_IsAnError()
    {
        var (_, errors) = Read(new() { ["display:max_width"] = "100000" });
        Assert.Contains(errors, e => e.Key == "display.max_width");
    }

    private static (DisplayOptions Options, List<ConfigurationError> Errors) Read(Dictionary<string, string?> values)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var errors = new List<ConfigurationError>();
        var options = DisplayOptions.Read(configuration.GetSection("display"), errors);
        return (options, errors);
    }
}
