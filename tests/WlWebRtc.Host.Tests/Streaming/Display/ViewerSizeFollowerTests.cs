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

    [Fact]
    public async Task OnViewerGone_ControlViewerLeft_RestoresOnceTheDelayPassed()
    {
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.Zero);
        _follower.OnViewerGone("a", hadControl: true);

        _time.Advance(DisplayOptions.Default.RestoreAfter - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _output.Restores);
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await _follower.Restoring;
        Assert.Equal(1, _output.Restores);

        // the next controlling viewer's size is asked for again, even the same one
        _follower.OnViewerSize("c", true, new ViewerSize(1000, 700, 2));
        _time.Advance(ViewerSizeFollower.MinInterval);
        Assert.Equal(2, _output.Requests.Count);
    }

    [Fact]
    public void OnViewerGone_ControlViewerBackWithinTheDelay_KeepsTheViewerSize()
    {
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.Zero);
        _follower.OnViewerGone("a", hadControl: true);
        _time.Advance(TimeSpan.FromSeconds(2));
        _follower.OnViewerSize("a2", true, new ViewerSize(1000, 700, 2));

        _time.Advance(DisplayOptions.Default.RestoreAfter * 3);
        Assert.Equal(0, _output.Restores);
    }

    [Fact]
    public void OnViewerGone_ViewOnlyViewerOrNothingResized_RestoresNothing()
    {
        _follower.OnViewerGone("x", hadControl: true);
        _follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.Zero);
        _follower.OnViewerGone("b", hadControl: false);

        _time.Advance(DisplayOptions.Default.RestoreAfter * 3);
        Assert.Equal(0, _output.Restores);
    }

    [Fact]
    public void OnViewerGone_RestoreDisabled_KeepsTheViewerSize()
    {
        using var follower = new ViewerSizeFollower(_output, DisplayOptions.Default with { FollowViewer = true, RestoreAfter = TimeSpan.Zero }, _time, NullLogger.Instance);
        follower.OnViewerSize("a", true, new ViewerSize(1000, 700, 2));
        _time.Advance(TimeSpan.Zero);
        follower.OnViewerGone("a", hadControl: true);

        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, _output.Restores);
    }

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

        public int Restores { get; private set; }

        public ValueTask RestoreAsync(CancellationToken cancellationToken)
        {
            Restores++;
            return ValueTask.CompletedTask;
        }
    }
}
