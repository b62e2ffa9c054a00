using WlWebRtc.Gnome.Capture;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Testing;

namespace WlWebRtc.Gnome.Tests;

public sealed class GnomeCaptureOptionsTests
{
    [Fact]
    public void Parse_Empty_MonitorEmbeddedFirstMonitor()
    {
        var (options, errors) = GnomeCaptureOptions.Parse(TestSettings.Empty);

        Assert.Empty(errors);
        Assert.Equal(GnomeCaptureOptions.Default, options);
    }

    [Fact]
    public void Parse_EveryKeySet_ReadsThem()
    {
        var (options, errors) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?>
        {
            ["mode"] = "Monitor", ["connector"] = "eDP-1", ["cursor_mode"] = "metadata", ["max_fps"] = "24",
        }));

        Assert.Empty(errors);
        Assert.Equal(new GnomeCaptureOptions(MutterRecording.Monitor, "eDP-1", MutterCursorMode.Metadata, 24), options);
    }

    [Fact]
    public void Parse_Virtual_RecordsAVirtualMonitor()
    {
        var (options, errors) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["mode"] = "virtual", ["cursor_mode"] = "hidden" }));

        Assert.Empty(errors);
        Assert.Equal(MutterRecording.Virtual, options.Mode);
        Assert.Equal(MutterCursorMode.Hidden, options.CursorMode);
    }

    [Fact]
    public void Parse_EveryKeyWrong_ReportsAllErrorsAtOnce()
    {
        var (_, errors) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?>
        {
            ["mode"] = "window", ["connector"] = " ", ["cursor_mode"] = "2", ["max_fps"] = "0",
        }));

        Assert.Equal(["mode", "connector", "cursor_mode", "max_fps"], errors.Select(e => e.Key));
    }

    [Fact]
    public void Parse_VirtualWithSize_ReadsTheStartSize()
    {
        var (options, errors) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["mode"] = "virtual", ["width"] = "1024", ["height"] = "600" }));

        Assert.Empty(errors);
        Assert.Equal((1024, 600), options.VirtualSize);
    }

    [Fact]
    public void Parse_SizeWrongOrHalfOrOnAMonitor_ReportsEachError()
    {
        var (_, wrong) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["mode"] = "virtual", ["width"] = "10", ["height"] = "wide" }));
        var (_, half) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["mode"] = "virtual", ["width"] = "1024" }));
        var (monitor, onMonitor) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["width"] = "1024", ["height"] = "600" }));

        Assert.Equal(["width", "height"], wrong.Select(e => e.Key));
        Assert.Equal("height", Assert.Single(half).Key);
        Assert.Contains("mode = \"virtual\" only", Assert.Single(onMonitor).Message, StringComparison.Ordinal);
        Assert.Null(monitor.VirtualSize);
    }

    [Fact]
    public void Parse_ConnectorWithVirtual_ReportsThatItAppliesToMonitorsOnly()
    {
        var (_, errors) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["mode"] = "virtual", ["connector"] = "Meta-0" }));

        var error = Assert.Single(errors);
        Assert.Equal("connector", error.Key);
        Assert.Contains("mode = \"monitor\" only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("embedded", "metadata", "Embedded")]
    [InlineData("hidden", null, "Hidden")]
    [InlineData("auto", "embedded", "Metadata")]
    [InlineData(null, "embedded", "Embedded")]
    public void Parse_CaptureCursor_WinsOverTheDeprecatedCursorMode(string? captureCursor, string? cursorMode, string expected)
    {
        var (options, errors) = GnomeCaptureOptions.Parse(TestSettings.Create(new Dictionary<string, string?> { ["cursor_mode"] = cursorMode }), captureCursor);

        Assert.Empty(errors);
        Assert.Equal(Enum.Parse<MutterCursorMode>(expected), options.CursorMode);
    }
}
