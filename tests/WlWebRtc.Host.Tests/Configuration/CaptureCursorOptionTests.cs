using Microsoft.Extensions.Configuration;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Tests.Configuration;

/// <summary><c>[capture] cursor</c>: the host checks the value every capture plugin maps.</summary>
public sealed class CaptureCursorOptionTests
{
    [Theory]
    [InlineData("auto")]
    [InlineData("embedded")]
    [InlineData("metadata")]
    [InlineData("hidden")]
    public void Read_KnownCursorMode_NoError(string mode)
    {
        var (options, errors) = Read(mode);

        Assert.DoesNotContain(errors, e => e.Key == "capture.cursor");
        Assert.NotNull(options);
    }

    [Theory]
    [InlineData("sideways")]
    [InlineData("Metadata")] // the values are case-sensitive, as in every other table
    [InlineData("")]
    public void Read_UnknownCursorMode_ErrorNamesTheKeyAndTheChoices(string mode)
    {
        var (_, errors) = Read(mode);

        var error = Assert.Single(errors, e => e.Key == "capture.cursor");
        Assert.Contains("auto, embedded, metadata or hidden", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_UnknownCursorModeAndOtherMistakes_EveryErrorReported()
    {
        var (_, errors) = WlWebRtcOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["capture:cursor"] = "sideways",
            ["capture:max_fps"] = "0",
        }).Build());

        Assert.Contains(errors, e => e.Key == "capture.cursor");
        Assert.Contains(errors, e => e.Key == "capture.max_fps");
    }

    private static (WlWebRtcOptions? Options, IReadOnlyList<WlWebRtc.Configuration.ConfigurationError> Errors) Read(string mode) =>
        WlWebRtcOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["capture:cursor"] = mode }).Build());
}
