namespace WlWebRtc.Rtp.Pacing;

/// <summary>What <see cref="PacedFrameSender.Step"/> left to do.</summary>
/// <param name="Wait">Call again after this; null: nothing left, wait for the next frame.</param>
/// <param name="KeyframeNeeded">Frames were dropped because they waited too long: ask the encoder for a keyframe.</param>
public readonly record struct PacerStep(TimeSpan? Wait, bool KeyframeNeeded);
