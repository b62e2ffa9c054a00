using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Pacing;
using WlWebRtc.Rtp.Queue;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Rtp.Tests.H264;
using WlWebRtc.Rtp.Tests.Sending;

namespace WlWebRtc.Rtp.Tests.Pacing;

public sealed class PacedFrameSenderTests
{
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(250);

    [Fact]
    public void Step_LargeKeyframe_LeavesInSmallBurstsAtThePacingRate()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { ProbeInterval = null });
        using var queue = new ViewerSendQueue();
        using var pacer = new PacedFrameSender(harness.Sender, queue, harness.Time, MaxDelay);
        var keyframe = H264PacketPlanTests.Keyframe(30_000);
        queue.Enqueue(new QueuedFrame(keyframe, true, harness.Time.GetTimestamp(), null));

        var start = harness.Time.GetTimestamp();
        var bursts = new List<(int Packets, int Bytes)>();
        var step = pacer.Step();
        bursts.Add(Burst(harness));
        while (step.Wait is { } wait)
        {
            harness.Time.Advance(wait);
            step = pacer.Step();
            bursts.Add(Burst(harness));
        }

        // 1.5 Mb/s start x 2.5 = 3.75 Mb/s: a 5 ms window holds 2344 bytes (plus the packet that overdraws it), and
        // everything after the first burst leaves at 3.75 Mb/s (about 90 ms for this keyframe) instead of at once.
        var elapsed = harness.Time.GetElapsedTime(start);
        Assert.All(bursts, burst => Assert.InRange(burst.Bytes, 0, 2344 + 1300));
        var paced = (bursts.Sum(b => b.Bytes) - bursts[0].Bytes) * 8 / 3_750_000.0 * 1000;
        Assert.InRange(elapsed.TotalMilliseconds, paced * 0.95, (paced * 1.05) + 1);
        Assert.True(bursts.Count > 20);
        var plan = new H264PacketPlan(1200);
        plan.Build(keyframe);
        Assert.Equal(plan.PacketCount, bursts.Sum(b => b.Packets));
        Assert.Equal(1, harness.Sender.GetStatistics().FramesSent);
    }

    [Fact]
    public void Step_BacklogBeyondHalfTheBudget_RateRisesToDrainIt()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true, o => o with { ProbeInterval = null });
        using var queue = new ViewerSendQueue();
        using var pacer = new PacedFrameSender(harness.Sender, queue, harness.Time, MaxDelay);
        queue.Enqueue(new QueuedFrame(H264PacketPlanTests.Keyframe(150_000), true, harness.Time.GetTimestamp(), null));

        var start = harness.Time.GetTimestamp();
        var step = pacer.Step();
        while (step.Wait is { } wait)
        {
            harness.Time.Advance(wait);
            step = pacer.Step();
        }

        // 150 kB at 3.75 Mb/s would take 320 ms, past the 250 ms budget; the rate rises so that it fits.
        Assert.InRange(harness.Time.GetElapsedTime(start).TotalMilliseconds, 150, 250);
        Assert.Equal(1, harness.Sender.GetStatistics().FramesSent);
    }

    [Fact]
    public void Step_DeltaFrameOlderThanTheDelayBudget_DroppedAndKeyframeNeeded()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        using var queue = new ViewerSendQueue();
        using var pacer = new PacedFrameSender(harness.Sender, queue, harness.Time, MaxDelay);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        var captured = harness.Time.GetTimestamp();
        var owners = new[] { new Owner(), new Owner() };
        queue.Enqueue(new QueuedFrame(Delta(), false, captured, owners[0]));
        queue.Enqueue(new QueuedFrame(Delta(), false, captured, owners[1]));
        harness.Time.Advance(TimeSpan.FromMilliseconds(300));

        var step = pacer.Step();

        Assert.True(step.KeyframeNeeded);
        Assert.Null(step.Wait);
        Assert.Empty(harness.UnprotectedRtp());
        Assert.True(queue.IsWaitingForKeyframe);
        Assert.All(owners, owner => Assert.True(owner.Disposed));
        Assert.Equal(1, pacer.FramesDroppedLate);
        Assert.Equal(EnqueueResult.DroppedWaitingForKeyframe, queue.Enqueue(new QueuedFrame(Delta(), false, harness.Time.GetTimestamp(), null)));
    }

    [Fact]
    public void Step_LateKeyframe_StillSent()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        using var queue = new ViewerSendQueue();
        using var pacer = new PacedFrameSender(harness.Sender, queue, harness.Time, MaxDelay);
        harness.Time.Advance(TimeSpan.FromSeconds(1));
        queue.Enqueue(new QueuedFrame(H264PacketPlanTests.Keyframe(1000), true, harness.Time.GetTimestamp(), null));
        harness.Time.Advance(TimeSpan.FromMilliseconds(300));

        var step = pacer.Step();

        Assert.False(step.KeyframeNeeded);
        Assert.NotEmpty(harness.UnprotectedRtp());
    }

    [Fact]
    public void Step_ProbeDueAfterMedia_PadsAClusterOverRtx()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        using var queue = new ViewerSendQueue();
        using var pacer = new PacedFrameSender(harness.Sender, queue, harness.Time, MaxDelay);
        queue.Enqueue(new QueuedFrame(H264PacketPlanTests.Keyframe(5000), true, harness.Time.GetTimestamp(), null));

        var step = pacer.Step();
        while (step.Wait is { } wait)
        {
            harness.Time.Advance(wait);
            step = pacer.Step();
        }

        var stats = harness.Sender.GetStatistics();
        Assert.Equal(1, stats.ProbeClusters);
        Assert.True(stats.PaddingPacketsSent >= 3, $"{stats.PaddingPacketsSent} padding packets");
        var rtx = harness.UnprotectedRtp().Count(p => RtpHeader.TryParse(p, out var h) && h.Ssrc == SenderHarness.RtxSsrc);
        Assert.Equal(stats.PaddingPacketsSent, rtx);
    }

    [Fact]
    public void Dispose_MidFrame_ReleasesTheFrame()
    {
        using var harness = new SenderHarness(SrtpProfile.AesCm128HmacSha1Tag80, rtx: true);
        using var queue = new ViewerSendQueue();
        var pacer = new PacedFrameSender(harness.Sender, queue, harness.Time, MaxDelay);
        var owner = new Owner();
        queue.Enqueue(new QueuedFrame(H264PacketPlanTests.Keyframe(30_000), true, harness.Time.GetTimestamp(), owner));
        Assert.NotNull(pacer.Step().Wait);

        pacer.Dispose();

        Assert.True(owner.Disposed);
    }

    private static (int Packets, int Bytes) Burst(SenderHarness harness)
    {
        var rtp = harness.Sink.Datagrams.Where(d => !RtpPacketClassifier.IsRtcp(d)).ToList();
        harness.Sink.Datagrams.Clear();
        return (rtp.Count, rtp.Sum(d => d.Length));
    }

    private static byte[] Delta() => H264PacketPlanTests.AnnexB(H264PacketPlanTests.Nal(0x41, 300, 1));

    private sealed class Owner : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }
}
