using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Tests.Infrastructure;

/// <summary>A viewer connection that records what signaling asks of it.</summary>
internal sealed class FakeViewer(string id, ViewerRole role) : IViewerConnection
{
    private readonly CancellationTokenSource _closed = new();

    public string Id => id;

    public SessionDescription Answer { get; } = new(SdpType.Answer, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");

    public ViewerRole Role => role;

    public CancellationToken Closed => _closed.Token;

    public List<IceCandidate?> Candidates { get; } = [];

    public int CloseCalls { get; private set; }

    public ILocalCandidateSource? LocalCandidates { get; set; }

    public IIceRestartable? IceRestart { get; set; }

    public ValueTask AddRemoteCandidateAsync(IceCandidate? candidate, CancellationToken cancellationToken)
    {
        lock (Candidates)
        {
            Candidates.Add(candidate);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask CloseAsync()
    {
        CloseCalls++;
        EndFromServer();
        return ValueTask.CompletedTask;
    }

    /// <summary>Ends the session as the server would (peer gone, server stopping).</summary>
    public void EndFromServer()
    {
        if (!_closed.IsCancellationRequested)
        {
            _closed.Cancel();
        }
    }
}
