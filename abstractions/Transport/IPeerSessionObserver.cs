namespace WlWebRtc.Transport;

/// <summary>Receives a session's events. Calls come from transport threads and must return quickly.</summary>
public interface IPeerSessionObserver
{
    /// <summary>The session's state changed.</summary>
    void OnStateChanged(IPeerSession session, PeerSessionState state);

    /// <summary>The viewer asked for a keyframe (PLI or FIR, or it just connected).</summary>
    void OnKeyframeRequested(IPeerSession session);

    /// <summary>A data channel opened.</summary>
    void OnDataChannelOpened(IPeerSession session, string label);

    /// <summary>A data-channel message arrived; its memory is valid only during the call.</summary>
    void OnDataChannelMessage(IPeerSession session, DataChannelMessage message);

    /// <summary>The estimate of the bandwidth available towards the viewer changed.</summary>
    void OnBandwidthEstimate(IPeerSession session, long bitsPerSecond);
}
