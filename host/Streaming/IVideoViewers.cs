using WlWebRtc.Media;

namespace WlWebRtc.Host.Streaming;

/// <summary>What the pipeline needs from the viewers: whether anyone watches, and where encoded frames go.</summary>
internal interface IVideoViewers
{
    /// <summary>Viewers whose transport is connected (nothing is encoded while this is zero).</summary>
    int ConnectedCount { get; }

    /// <summary>
    /// Viewers whose offer was answered and whose transport is not connected yet: while nobody is connected the
    /// encoder is opened for them (nothing is encoded), so their first keyframe does not wait for it.
    /// </summary>
    int NegotiatingCount { get; }

    /// <summary>Hands an encoded frame to every connected viewer; each session takes its own reference.</summary>
    void Broadcast(EncodedAccessUnit accessUnit);

    /// <summary>The capture reported the cursor as metadata: every viewer gets it (from the capture's thread; returns quickly).</summary>
    void ShowCursor(CursorInfo cursor);

    /// <summary>
    /// The captured frames' size changed (the first frame, an output switch or resize): cursor positions are in these
    /// pixels whatever size the stream is scaled to (from the capture's thread; returns quickly).
    /// </summary>
    void ShowCaptureSize(int width, int height);
}
