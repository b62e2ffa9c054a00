namespace WlWebRtc.Transport;

/// <summary>A started transport; disposing it closes every session and socket.</summary>
public interface ITransport : IAsyncDisposable
{
    /// <summary>Creates a session for one viewer; <paramref name="observer"/> receives its events.</summary>
    IPeerSession CreateSession(PeerSessionOptions options, IPeerSessionObserver observer);
}
