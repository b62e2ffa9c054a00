namespace WlWebRtc.Rtp.Queue;

/// <summary>What <see cref="ViewerSendQueue.Enqueue"/> did with a frame.</summary>
public enum EnqueueResult
{
    /// <summary>Queued for sending.</summary>
    Queued,

    /// <summary>Dropped: the viewer is behind and waits for the next keyframe (already requested).</summary>
    DroppedWaitingForKeyframe,

    /// <summary>Dropped: the queue overflowed just now; the queue was emptied and a keyframe is needed.</summary>
    DroppedKeyframeNeeded,

    /// <summary>Dropped: the queue is closed.</summary>
    DroppedClosed,
}
