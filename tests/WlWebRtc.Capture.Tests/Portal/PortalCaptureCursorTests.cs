using WlWebRtc.Portal.Configuration;
using WlWebRtc.Testing;

namespace WlWebRtc.Capture.Tests.Portal;

public sealed class PortalCaptureCursorTests
{
    [Theory]
    [InlineData("embedded", "metadata", "Embedded")]
    [InlineData("hidden", null, "Hidden")]
    [InlineData(null, "metadata", "Metadata")]
    [InlineData(null, null, "Auto")]
    public void Parse_CaptureCursor_WinsOverTheDeprecatedCursorMode(string? captureCursor, string? cursorMode, string expected)
    {
        var (options, errors) = PortalCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["cursor_mode"] = cursorMode }), captureCursor);

        Assert.Empty(errors);
        Assert.Equal(Enum.Parse<CursorMode>(expected), options.CursorMode);
    }
}
