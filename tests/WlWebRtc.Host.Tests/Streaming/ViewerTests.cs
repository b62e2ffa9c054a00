using NSubstitute;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Tests.Streaming;

public sealed class ViewerTests
{
    private static Viewer NewViewer() => new(Substitute.For<IPeerSession>(), ViewerRole.View, _ => ValueTask.CompletedTask);

    [Fact]
    public void MarkClosed_RacingCallers_ExactlyOneWins()
    {
        const int Rounds = 300;
        const int Callers = 4;
        for (var round = 0; round < Rounds; round++)
        {
            var viewer = NewViewer();
            var wins = 0;
            using var start = new Barrier(Callers);
            var threads = Enumerable.Range(0, Callers).Select(_ => new Thread(() =>
            {
                start.SignalAndWait();
                if (viewer.MarkClosed())
                {
                    Interlocked.Increment(ref wins);
                }
            })).ToArray();
            foreach (var thread in threads)
            {
                thread.Start();
            }

            foreach (var thread in threads)
            {
                thread.Join();
            }

            Assert.Equal(1, wins);
        }
    }

    [Fact]
    public void MarkClosed_RacingTryMarkJoined_TheCloserSeesJoinedAsItFinallyStands()
    {
        const int Rounds = 500;
        for (var round = 0; round < Rounds; round++)
        {
            var viewer = NewViewer();
            var joined = false;
            var closerSawJoined = false;
            var closed = false;
            using var start = new Barrier(2);
            var joiner = new Thread(() =>
            {
                start.SignalAndWait();
                joined = viewer.TryMarkJoined();
            });
            var closer = new Thread(() =>
            {
                start.SignalAndWait();
                closed = viewer.MarkClosed();
                closerSawJoined = viewer.Joined;
            });
            joiner.Start();
            closer.Start();
            joiner.Join();
            closer.Join();

            Assert.True(closed);

            // The gateway announces "left" only for a viewer it announced as joined: both must agree, whoever won.
            Assert.Equal(joined, closerSawJoined);
            Assert.Equal(joined, viewer.Joined);
        }
    }

    [Fact]
    public void MarkClosed_ClosedCallbackThrows_StillClosedAndTheFailureReported()
    {
        var viewer = NewViewer();
        using var registration = viewer.Closed.Register(() => throw new InvalidOperationException("a signaling plugin's bug"));
        Exception? reported = null;

        var closed = viewer.MarkClosed(ex => reported = ex);

        Assert.True(closed);
        Assert.True(viewer.Closed.IsCancellationRequested);
        Assert.IsType<InvalidOperationException>(Assert.IsType<AggregateException>(reported).InnerException);
        Assert.False(viewer.MarkClosed());
    }
}
