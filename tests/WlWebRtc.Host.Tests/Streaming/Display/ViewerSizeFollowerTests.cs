using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Capture;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Streaming.Display;
using WlWebRtc.RemoteInput.Display;
using WlWebRtc.Testing;

namespace WlWebRtc.Host.Tests.Streaming.Display;

public sealed class ViewerSizeFollowerTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly RecordingOutput _output = new();
    private readonly ViewerSizeFollower _follower;

    public ViewerSizeFollowerTests() =>
        _follower = new ViewerSizeFollower(_output, DisplayOptions.Default with { FollowViewer = true }, _time, NullLogger.Instance);

    [Fact]
    public void OnViewerSize_ControlViewer_ResizesToTheFittedSize()
    {
        _follower.OnViewerSize("a", hasControl: true, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.Zero);
        Assert.Equal([new DesiredOutputSize(2000, 1400, 2)], _output.Requests);
    }

    [Fact]
    public void OnViewerSize_ViewOnlyViewer_ChangesNothing()
    {
        _follower.OnViewerSize("b", hasControl: false, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Empty(_output.Requests);
        Assert.Equal(1, _follower.IgnoredReports);
    }

    [Fact]
    public void OnViewerSize_BurstWithinTheInterval_RequestsTheLatestOnceTheIntervalPassed()
    {
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 1));
        _time.Advance(TimeSpan.Zero);
        for (var width = 1001; width <= 1200; width++)
        {
            _follower.OnViewerSize("a", true, new ViewerSize(width, 700, 1));
        }

        _time.Advance(ViewerSizeFollower.MinInterval - TimeSpan.FromMilliseconds(1));
        Assert.Single(_output.Requests);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal([new DesiredOutputSize(1000, 700, 1), new DesiredOutputSize(1200, 700, 1)], _output.Requests);
    }

    [Fact]
    public void OnViewerSize_SameSizeAgain_IsNotRequestedTwice()
    {
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.Zero);
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Single(_output.Requests);
    }

    [Fact]
    public void OnViewerSize_ResizeFails_NextReportIsStillRequested()
    {
        _output.FailNext = true;
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 1));
        _time.Advance(TimeSpan.Zero);
        _follower.OnViewerSize("a", true, new ViewerSize(1100, 700, 1));
        _time.Advance(ViewerSizeFollower.MinInterval);
        Assert.Equal([new DesiredOutputSize(1000, 700, 1), new DesiredOutputSize(1100, 700, 1)], _output.Requests);
    }

    [Fact]
    public void OnViewerSize_AfterDispose_RequestsNothing()
    {
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 1));
        _follower.Dispose();
        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Empty(_output.Requests);
    }

    public void Dispose() => _follower.Dispose();

    private sealed class RecordingOutput : IResizableOutput
    {
        public List<DesiredOutputSize> Requests { get; } = [];

        public bool FailNext { get; set; }

        public ValueTask ResizeAsync(DesiredOutputSize size, CancellationToken cancellationToken)
        {
            Requests.Add(size);
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("refused");
            }

            return ValueTask.CompletedTask;
        }
    }
}
