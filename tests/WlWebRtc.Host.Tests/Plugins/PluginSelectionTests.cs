using NSubstitute;
using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Tests.Plugins;

public sealed class PluginSelectionTests
{
    [Fact]
    public void Select_Auto_TakesTheAvailablePluginWithTheHighestPriority()
    {
        var entries = new[]
        {
            Entry(PluginKind.Encoder, "nvenc", 300, PluginStatus.Unavailable, "no NVIDIA driver"),
            Entry(PluginKind.Encoder, "vaapi", 200, PluginStatus.Available),
            Entry(PluginKind.Encoder, "x264", 100, PluginStatus.Available),
        };

        var selection = PluginSelection.Select(entries, Options());

        Assert.Equal("vaapi", selection.Single(PluginKind.Encoder)!.Name);
    }

    [Fact]
    public void Select_ForcedPluginUnavailable_IsAFatalProblemSayingWhy()
    {
        var entries = new[] { Entry(PluginKind.Encoder, "vaapi", 200, PluginStatus.Unavailable, "no DRM render node"), Entry(PluginKind.Encoder, "x264", 100, PluginStatus.Available) };

        var selection = PluginSelection.Select(entries, Options(("encoder:plugin", "vaapi")));

        Assert.Null(selection.Single(PluginKind.Encoder));
        Assert.Equal("encoder plugin 'vaapi' is unavailable: no DRM render node", selection.Problems[PluginKind.Encoder]);
        Assert.Contains("encoder plugin 'vaapi' is unavailable: no DRM render node", selection.FatalProblems);
    }

    [Fact]
    public void Select_UnknownName_ListsTheInstalledPlugins()
    {
        var entries = new[] { Entry(PluginKind.Encoder, "x264", 100, PluginStatus.Available) };

        var selection = PluginSelection.Select(entries, Options(("encoder:plugin", "x265")));

        Assert.Equal("no encoder plugin named 'x265' (installed: x264)", selection.Problems[PluginKind.Encoder]);
    }

    [Fact]
    public void Select_SignalingAuto_TakesEveryAvailablePlugin()
    {
        var entries = new[]
        {
            Entry(PluginKind.Signaling, "websocket", 100, PluginStatus.Available),
            Entry(PluginKind.Signaling, "whep", 90, PluginStatus.Available),
            Entry(PluginKind.Signaling, "broken", 80, PluginStatus.Failed, "probe threw"),
        };

        var selection = PluginSelection.Select(entries, Options());

        Assert.Equal(["websocket", "whep"], selection.Chosen[PluginKind.Signaling].Select(e => e.Name));
    }

    [Fact]
    public void Select_NoInputPlugin_IsReportedButNotFatal()
    {
        var selection = PluginSelection.Select([Entry(PluginKind.Capture, "testpattern", 0, PluginStatus.Available)], Options());

        Assert.Equal("no input plugin is installed", selection.Problems[PluginKind.Input]);
        Assert.DoesNotContain(selection.FatalProblems, p => p.Contains("input", StringComparison.Ordinal));
        Assert.Contains("no encoder plugin is installed", selection.FatalProblems);
    }

    [Fact]
    public void Select_CaptureAutoWithoutDesktop_FallsBackToTestPattern()
    {
        var entries = new[]
        {
            Entry(PluginKind.Capture, "portal", 100, PluginStatus.Unavailable, "needs a Wayland session"),
            Entry(PluginKind.Capture, "testpattern", 0, PluginStatus.Available),
        };

        Assert.Equal("testpattern", PluginSelection.Select(entries, Options()).Single(PluginKind.Capture)!.Name);
    }

    [Fact]
    public void Select_InputNone_ChoosesNothingWithoutProblem()
    {
        var selection = PluginSelection.Select([Entry(PluginKind.Input, "wlr-virtual-input", 50, PluginStatus.Available)], Options(("input:plugin", "none")));

        Assert.Empty(selection.Chosen[PluginKind.Input]);
        Assert.False(selection.Problems.ContainsKey(PluginKind.Input));
    }

    [Fact]
    public void Capture_SelectedPluginImplementsTheContract_ReturnedTypedWithItsEntry()
    {
        var capture = Substitute.For<ICapturePlugin>();
        capture.Metadata.Returns(new PluginMetadata("portal", PluginKind.Capture, new Version(1, 0), 100, "test"));
        var entry = new PluginEntry { Folder = "/plugins/portal", Plugin = capture, Status = PluginStatus.Available, Reason = "ok" };

        var selected = PluginSelection.Select([entry], Options()).Capture;

        Assert.NotNull(selected);
        Assert.Same(capture, selected.Plugin);
        Assert.Same(entry, selected.Entry);
        Assert.Equal("portal", selected.Name);
    }

    [Fact]
    public void Signaling_NoneSelected_EmptyAndInputNull()
    {
        var selection = PluginSelection.Select([Entry(PluginKind.Capture, "testpattern", 0, PluginStatus.Available)], Options());

        Assert.Empty(selection.Signaling);
        Assert.Null(selection.Input);
    }

    [Fact]
    public void From_PluginWithoutItsKindsContract_ThrowsNamingIt()
    {
        var entry = Entry(PluginKind.Encoder, "odd", 10, PluginStatus.Available);

        var error = Assert.Throws<InvalidOperationException>(() => SelectedPlugin<IEncoderPlugin>.From(entry));

        Assert.Contains("odd", error.Message, StringComparison.Ordinal);
        Assert.Contains(nameof(IEncoderPlugin), error.Message, StringComparison.Ordinal);
    }

    private static WlWebRtcOptions Options(params (string Key, string Value)[] values) =>
        WlWebRtcOptions.Read(ConfigurationLoader.Load(null, values.ToDictionary(v => v.Key, v => (string?)v.Value), useEnvironment: false)).Options!;

    private static PluginEntry Entry(PluginKind kind, string name, int priority, PluginStatus status, string reason = "ok")
    {
        var plugin = Substitute.For<IPlugin>();
        plugin.Metadata.Returns(new PluginMetadata(name, kind, new Version(1, 0), priority, "test"));
        return new PluginEntry { Folder = "/plugins/" + name, Plugin = plugin, Status = status, Reason = reason };
    }
}
