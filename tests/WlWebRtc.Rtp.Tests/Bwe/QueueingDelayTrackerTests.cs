using WlWebRtc.Rtp.Bwe;

namespace WlWebRtc.Rtp.Tests.Bwe;

public sealed class QueueingDelayTrackerTests
{
    // The viewer's clock is 5 s ahead of ours: only differences of one-way delays mean anything.
    private const long Offset = 5_000_000;

    [Fact]
    public void Add_DelayAboveTheLeastSeen_IsTheQueueingDelay()
    {
        var tracker = new QueueingDelayTracker();
        tracker.BeginFeedback();
        tracker.Add(0, Offset + 20_000, 100_000);
        tracker.BeginFeedback();
        tracker.Add(50_000, Offset + 50_000 + 20_000 + 70_000, 150_000);
        tracker.Add(51_000, Offset + 51_000 + 20_000 + 90_000, 150_000);

        // The least delayed packet of the message counts: 70 ms.
        Assert.Equal(70_000, tracker.FeedbackQueueingUs);
    }

    [Fact]
    public void Add_PacketFasterThanTheBase_LowersIt()
    {
        var tracker = new QueueingDelayTracker();
        tracker.BeginFeedback();
        tracker.Add(0, Offset + 60_000, 100_000);
        tracker.BeginFeedback();
        tracker.Add(10_000, Offset + 10_000 + 20_000, 150_000);

        Assert.Equal(0, tracker.FeedbackQueueingUs);
    }

    [Fact]
    public void Add_BaseOlderThanTheWindow_Forgotten()
    {
        // A route that got 80 ms longer: after the window the longer delay is the new base, not a queue.
        var tracker = new QueueingDelayTracker();
        tracker.BeginFeedback();
        tracker.Add(0, Offset + 20_000, 0);
        for (var t = 1_000_000L; t <= QueueingDelayTracker.BaseWindowUs + 1_000_000; t += 500_000)
        {
            tracker.BeginFeedback();
            tracker.Add(t, Offset + t + 100_000, t);
        }

        Assert.Equal(0, tracker.FeedbackQueueingUs);
    }

    [Fact]
    public void Add_SerialisationOverstated_DoesNotLowerTheBase()
    {
        // A quiet stream's acknowledged rate overstates each packet's serialisation (70 ms): that must not make the base
        // so low that packets at the path's plain delay later look queued.
        var tracker = new QueueingDelayTracker();
        tracker.BeginFeedback();
        tracker.Add(0, Offset + 20_000, 0, serialisationUs: 70_000);
        tracker.BeginFeedback();
        tracker.Add(50_000, Offset + 50_000 + 20_000, 50_000, serialisationUs: 1_000);

        Assert.Equal(0, tracker.FeedbackQueueingUs);
    }

    [Fact]
    public void BeginFeedback_NoPacketAdded_NoQueueingDelay()
    {
        var tracker = new QueueingDelayTracker();
        tracker.BeginFeedback();
        tracker.Add(0, Offset, 0);

        tracker.BeginFeedback();

        Assert.Null(tracker.FeedbackQueueingUs);
    }
}
