using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Host.Streaming.Display;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Streaming.Display;

/// <summary>A selection that ends by itself (a captured KDE window closed): every viewer gets the list again, with the reason.</summary>
public sealed class OutputSwitcherSelectionEndedTests
{
    private readonly EndingSelection _selection = new();
    private readonly List<(string Viewer, string Json)> _sent = [];
    private readonly List<(string Id, bool HasControl)> _viewers = [("a", true), ("b", false)];

    [Fact]
    public void SelectionEnded_WindowClosed_EveryViewerGetsTheListWithTheReason()
    {
        using var switcher = Create();
        _selection.Current = "window:{1}";
        switcher.OnViewerReady("a", hasControl: true);

        _selection.Current = "Virtual-0";
        _selection.End("the window \"wev\" is no longer shown (it closed); back to output Virtual-0");

        foreach (var viewer in new[] { "a", "b" })
        {
            var message = Last(viewer);
            Assert.Equal("Virtual-0", message.GetProperty("current").GetString());
            Assert.Equal("the window \"wev\" is no longer shown (it closed); back to output Virtual-0", message.GetProperty("error").GetString());
            Assert.Equal("wev", message.GetProperty("list")[1].GetProperty("window").GetString());
        }
    }

    [Fact]
    public void SelectionEnded_AfterDispose_SendsNothing()
    {
        var switcher = Create();
        switcher.Dispose();

        _selection.End("gone");

        Assert.Empty(_sent);
        Assert.False(_selection.HasListeners);
    }

    private OutputSwitcher Create() =>
        new(_selection, (id, json) => { lock (_sent) { _sent.Add((id, Encoding.UTF8.GetString(json.Span))); } }, () => _viewers, new ManualTimeProvider(), NullLogger.Instance);

    private JsonElement Last(string viewer)
    {
        lock (_sent)
        {
            return JsonDocument.Parse(_sent.Last(s => s.Viewer == viewer).Json).RootElement.Clone();
        }
    }

    private sealed class EndingSelection : IOutputSelection, IOutputSelectionEvents
    {
        public event EventHandler<SelectionEndedEventArgs>? SelectionEnded;

        public string? Current { get; set; }

        public string? SelectedOutput => Current;

        public bool HasListeners => SelectionEnded is not null;

        public ValueTask<IReadOnlyList<DesktopOutput>> ListOutputsAsync(CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<DesktopOutput>>([new DesktopOutput("Virtual-0", 0, 0, 1280, 720, 1), new DesktopOutput("window:{1}", 320, 120, 640, 480, 1) { WindowTitle = "wev" }]);

        public ValueTask SelectOutputAsync(string name, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public void End(string reason) => SelectionEnded?.Invoke(this, new SelectionEndedEventArgs(reason));
    }
}
