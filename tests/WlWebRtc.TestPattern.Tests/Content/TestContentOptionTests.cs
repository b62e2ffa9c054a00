using Microsoft.Extensions.Configuration;
using WlWebRtc.Capture.TestPattern;
using WlWebRtc.LatencyProbe.Content;

namespace WlWebRtc.TestPattern.Tests.Content;

public sealed class TestContentOptionTests
{
    [Fact]
    public void Read_NoContent_IsThePattern()
    {
        var (options, errors) = TestPatternOptions.Read(Settings());

        Assert.Empty(errors);
        Assert.Equal(TestContent.Pattern, options!.Content);
    }

    [Theory]
    [InlineData("static", TestContent.Static)]
    [InlineData("Scrolling", TestContent.Scrolling)]
    [InlineData("motion", TestContent.Motion)]
    public void Read_KnownContent_IsTaken(string text, TestContent expected)
    {
        var (options, errors) = TestPatternOptions.Read(Settings(("content", text)));

        Assert.Empty(errors);
        Assert.Equal(expected, options!.Content);
    }

    [Fact]
    public void Read_UnknownContent_ErrorNamesTheChoicesWithTheOtherErrors()
    {
        var (options, errors) = TestPatternOptions.Read(Settings(("content", "video"), ("width", "33")));

        Assert.Null(options);
        var error = Assert.Single(errors, e => e.Key == "content");
        Assert.Contains("pattern, static, scrolling, motion", error.Message, StringComparison.Ordinal);
        Assert.Contains(errors, e => e.Key == "width");
    }

    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
