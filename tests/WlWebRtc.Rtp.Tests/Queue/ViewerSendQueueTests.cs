using WlWebRtc.Rtp.Queue;

namespace WlWebRtc.Rtp.Tests.Queue;

public sealed class ViewerSendQueueTests
{
    private sealed class Owner : IDisposable
    {
        public int Disposed { get; private set; }

        public void Dispose() => Disposed++;
    }

    private static QueuedFrame Frame(Owner owner, bool keyframe, int bytes = 100) => new(new byte[bytes], keyframe, 0, owner);

    [Fact]
    public void Enqueue_BeyondFrameLimit_DropsAllAndWaitsForKeyframe()
    {
        using var queue = new ViewerSendQueue(maxFrames: 3, maxBytes: 1_000_000);
        var owners = Enumerable.Range(0, 6).Select(_ => new Owner()).ToArray();

        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Frame(owners[0], true)));
        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Frame(owners[1], false)));
        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Frame(owners[2], false)));
        Assert.Equal(EnqueueResult.DroppedKeyframeNeeded, queue.Enqueue(Frame(owners[3], false)));
        Assert.Equal(EnqueueResult.DroppedWaitingForKeyframe, queue.Enqueue(Frame(owners[4], false)));

        Assert.Equal(0, queue.Count);
        Assert.True(queue.IsWaitingForKeyframe);
        Assert.All(owners.Take(5), o => Assert.Equal(1, o.Disposed));
        Assert.Equal(5, queue.FramesDropped);

        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Frame(owners[5], true)));
        Assert.False(queue.IsWaitingForKeyframe);
        Assert.True(queue.TryDequeue(out var frame));
        Assert.Same(owners[5], frame.Owner);
        Assert.Equal(0, owners[5].Disposed);
    }

    [Fact]
    public void Enqueue_BeyondByteLimit_KeyframeReplacesStaleFrames()
    {
        using var queue = new ViewerSendQueue(maxFrames: 100, maxBytes: 1000);
        var stale = new Owner();
        var key = new Owner();

        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Frame(stale, false, 600)));
        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Frame(key, true, 600)));

        Assert.Equal(1, queue.Count);
        Assert.Equal(600, queue.Bytes);
        Assert.Equal(1, stale.Disposed);
        Assert.Equal(0, key.Disposed);
    }

    [Fact]
    public async Task WaitToReadAsync_FrameEnqueuedLater_Completes()
    {
        using var queue = new ViewerSendQueue();
        var wait = queue.WaitToReadAsync(CancellationToken.None);

        Assert.False(wait.IsCompleted);
        queue.Enqueue(Frame(new Owner(), true));

        Assert.True(await wait);
    }

    [Fact]
    public async Task Dispose_WithQueuedFramesAndWaiter_ReleasesAllAndReturnsFalse()
    {
        var queue = new ViewerSendQueue();
        var owner = new Owner();
        queue.Enqueue(Frame(owner, true));
        queue.TryDequeue(out _);
        var wait = queue.WaitToReadAsync(CancellationToken.None);
        var queued = new Owner();
        queue.Enqueue(Frame(queued, false));
        var wait2 = queue.WaitToReadAsync(CancellationToken.None);

        queue.Dispose();

        Assert.True(await wait);
        Assert.False(await queue.WaitToReadAsync(CancellationToken.None));
        Assert.True(await wait2);
        Assert.Equal(1, queued.Disposed);
        Assert.Equal(EnqueueResult.DroppedClosed, queue.Enqueue(Frame(new Owner(), true)));
    }

    [Fact]
    public void RequireKeyframe_ThenDelta_Dropped()
    {
        using var queue = new ViewerSendQueue();
        queue.RequireKeyframe();

        Assert.Equal(EnqueueResult.DroppedWaitingForKeyframe, queue.Enqueue(Frame(new Owner(), false)));
        Assert.Equal(EnqueueResult.Queued, queue.Enqueue(Frame(new Owner(), true)));
    }
}
