using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Host.Streaming.Display;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Streaming.Display;

public sealed class OutputSwitcherTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly FakeSelection _selection = new();
    private readonly List<(string Viewer, string Json)> _sent = [];
    private readonly List<(string Id, bool HasControl)> _viewers = [("a", true), ("b", false)];
    private readonly OutputSwitcher _switcher;

    public OutputSwitcherTests() =>
        _switcher = new OutputSwitcher(_selection, (id, json) => { lock (_sent) { _sent.Add((id, Encoding.UTF8.GetString(json.Span))); } }, () => _viewers, _time, NullLogger.Instance);

    [Fact]
    public void OnViewerReady_Viewer_GetsTheListAndWhetherItMaySwitch()
    {
        _switcher.OnViewerReady("a", hasControl: true);
        _switcher.OnViewerReady("b", hasControl: false);

        var a = Message("a");
        Assert.Equal(2, a.GetProperty("list").GetArrayLength());
        Assert.Equal("HEADLESS-1", a.GetProperty("current").GetString());
        Assert.True(a.GetProperty("canSelect").GetBoolean());
        Assert.False(Message("b").GetProperty("canSelect").GetBoolean());
    }

    [Fact]
    public async Task OnSelect_ControlViewer_SwitchesAndTellsEveryViewer()
    {
        _switcher.OnSelect("a", hasControl: true, "HEADLESS-2");
        _time.Advance(TimeSpan.Zero);
        await _switcher.Current;

        Assert.Equal(["HEADLESS-2"], _selection.Selected);
        Assert.Equal("HEADLESS-2", Message("a").GetProperty("current").GetString());
        Assert.Equal("HEADLESS-2", Message("b").GetProperty("current").GetString());
    }

    [Fact]
    public void OnSelect_ViewOnlyViewer_ChangesNothing()
    {
        _switcher.OnSelect("b", hasControl: false, "HEADLESS-2");
        _time.Advance(TimeSpan.FromSeconds(5));

        Assert.Empty(_selection.Selected);
        Assert.Equal(1, _switcher.IgnoredRequests);
    }

    [Fact]
    public async Task OnSelect_BurstWithinTheInterval_SwitchesToTheLatestOnceTheIntervalPassed()
    {
        _switcher.OnSelect("a", true, "HEADLESS-2");
        _time.Advance(TimeSpan.Zero);
        await _switcher.Current;
        for (var i = 0; i < 100; i++)
        {
            _switcher.OnSelect("a", true, i % 2 == 0 ? "HEADLESS-2" : "HEADLESS-1");
        }

        _time.Advance(OutputSwitcher.MinInterval - TimeSpan.FromMilliseconds(1));
        Assert.Single(_selection.Selected);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _switcher.Current;
        Assert.Equal(["HEADLESS-2", "HEADLESS-1"], _selection.Selected);
    }

    [Fact]
    public async Task OnSelect_SwitchFails_ViewersAreToldWhyAndTheOutputStays()
    {
        _switcher.OnSelect("a", true, "NOPE");
        _time.Advance(TimeSpan.Zero);
        await _switcher.Current;

        var a = Message("a");
        Assert.Equal("HEADLESS-1", a.GetProperty("current").GetString());
        Assert.Contains("NOPE", a.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    public void Dispose() => _switcher.Dispose();

    /// <summary>The last message sent to <paramref name="viewer"/>, once it arrived (the list is sent from another task).</summary>
    private JsonElement Message(string viewer)
    {
        string? json = null;
        SpinWait.SpinUntil(() =>
        {
            lock (_sent)
            {
                json = _sent.LastOrDefault(m => m.Viewer == viewer).Json;
            }

            return json is not null;
        }, TimeSpan.FromSeconds(20));
        Assert.NotNull(json);
        return JsonDocument.Parse(json).RootElement;
    }

    private sealed class FakeSelection : IOutputSelection
    {
        private readonly DesktopOutput[] _outputs = [new("HEADLESS-1", 0, 0, 1280, 720, 1), new("HEADLESS-2", 1280, 0, 800, 600, 1)];

        public List<string> Selected { get; } = [];

        public string? SelectedOutput { get; private set; } = "HEADLESS-1";

        public ValueTask<IReadOnlyList<DesktopOutput>> ListOutputsAsync(CancellationToken cancellationToken) => ValueTask.FromResult<IReadOnlyList<DesktopOutput>>(_outputs);

        public ValueTask SelectOutputAsync(string name, CancellationToken cancellationToken)
        {
            if (!_outputs.Any(o => o.Name == name))
            {
                throw new ArgumentException($"no output {name}", nameof(name));
            }

            Selected.Add(name);
            SelectedOutput = name;
            return ValueTask.CompletedTask;
        }
    }
}
