using WlWebRtc.Host.Streaming.Tiers;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.Host.Streaming.Stages;

/// <summary>What each viewer's overlay is told of the server's stages: those of its encoder tier's pipeline and its own pacing.</summary>
internal static class ViewerStages
{
    /// <summary>About one second of frames at 30 fps: the overlay shows the stages of now, not of the last half minute.</summary>
    public const int RecentFrames = 30;

    /// <summary>
    /// With no new frame encoded for this long (a static screen) the viewer is told the stream is idle instead of the
    /// medians of the last frames: two report intervals, so a frame rate lowered to a few frames a second never reads as idle.
    /// </summary>
    public static readonly TimeSpan IdleAfter = 2 * ServerStageReporter.Interval;

    /// <summary>Every viewer (egress sessions apart) whose input channel is open, with its stages now.</summary>
    public static IEnumerable<(string ViewerId, ServerStages Stages)> Read(ViewerGateway gateway, VideoPipeline first, EncoderTiers? tiers)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(first);
        foreach (var viewer in gateway.Viewers)
        {
            if (viewer.IsEgress || !gateway.HasInputChannel(viewer.Id))
            {
                continue;
            }

            var pipeline = tiers?.Find(viewer.Tier) ?? first;
            yield return (viewer.Id, For(pipeline.SinceNewFrame, () => pipeline.RecentStageMedians(RecentFrames), () => viewer.Session.GetStats().LastFramePacingDelay));
        }
    }

    /// <summary>
    /// A viewer's stages: idle when its pipeline encoded no new frame for <see cref="IdleAfter"/> (the medians and its
    /// last pacing delay are of old frames then), else the medians of the recent frames and its last frame's pacing.
    /// </summary>
    public static ServerStages For(TimeSpan? sinceNewFrame, Func<(double? Capture, double? Convert, double? Encode, double? Send)> medians, Func<TimeSpan?> pacing)
    {
        ArgumentNullException.ThrowIfNull(medians);
        ArgumentNullException.ThrowIfNull(pacing);
        if (sinceNewFrame is { } idle && idle >= IdleAfter)
        {
            return ServerStages.Idle(idle);
        }

        var (capture, convert, encode, send) = medians();
        return new ServerStages(capture, convert, encode, send, pacing()?.TotalMilliseconds);
    }
}
