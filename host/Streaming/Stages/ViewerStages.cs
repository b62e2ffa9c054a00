using WlWebRtc.Host.Streaming.Tiers;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.Host.Streaming.Stages;

/// <summary>What each viewer's overlay is told of the server's stages: those of its encoder tier's pipeline and its own pacing.</summary>
internal static class ViewerStages
{
    /// <summary>About one second of frames at 30 fps: the overlay shows the stages of now, not of the last half minute.</summary>
    public const int RecentFrames = 30;

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
            var (capture, convert, encode, send) = pipeline.RecentStageMedians(RecentFrames);
            var pacing = viewer.Session.GetStats().LastFramePacingDelay?.TotalMilliseconds;
            yield return (viewer.Id, new ServerStages(capture, convert, encode, send, pacing));
        }
    }
}
