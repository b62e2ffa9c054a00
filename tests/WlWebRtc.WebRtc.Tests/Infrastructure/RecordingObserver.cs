using System.Collections.Concurrent;
using WlWebRtc.Transport;

namespace WlWebRtc.WebRtc.Tests.Infrastructure;

/// <summary>Records a session's events; optionally echoes text messages back ("echo:" prefix).</summary>
internal sealed class RecordingObserver : IPeerSessionObserver
{
    private readonly TaskCompletionSource _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<PeerSessionState> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _keyframeRequests;

    public bool Echo { get; init; }

    public ConcurrentQueue<PeerSessionState> States { get; } = new();

    public ConcurrentQueue<string> OpenedChannels { get; } = new();

    public ConcurrentQueue<string> Messages { get; } = new();

    public long LastBandwidthEstimate { get; private set; }

    public int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    /// <summary>Set by the pipeline: a keyframe is wanted for this viewer.</summary>
    public Action? KeyframeWanted { get; set; }

    public Task Connected => _connected.Task;

    public Task<PeerSessionState> Ended => _ended.Task;

    public void OnStateChanged(IPeerSession session, PeerSessionState state)
    {
        States.Enqueue(state);
        if (state == PeerSessionState.Connected)
        {
            _connected.TrySetResult();
        }
        else if (state is PeerSessionState.Failed or PeerSessionState.Closed)
        {
            _ended.TrySetResult(state);
            _connected.TrySetException(new InvalidOperationException($"session ended: {state}"));
        }
    }

    public void OnKeyframeRequested(IPeerSession session)
    {
        Interlocked.Increment(ref _keyframeRequests);
        KeyframeWanted?.Invoke();
    }

    public void OnDataChannelOpened(IPeerSession session, string label) => OpenedChannels.Enqueue(label);

    public void OnDataChannelMessage(IPeerSession session, DataChannelMessage message)
    {
        var text = message.IsBinary ? Convert.ToHexString(message.Data.Span) : System.Text.Encoding.UTF8.GetString(message.Data.Span);
        Messages.Enqueue(text);
        if (Echo && !message.IsBinary)
        {
            _ = session.SendDataAsync(new DataChannelMessage(message.Label, System.Text.Encoding.UTF8.GetBytes("echo:" + text), false), CancellationToken.None).AsTask();
        }
    }

    public void OnBandwidthEstimate(IPeerSession session, long bitsPerSecond) => LastBandwidthEstimate = bitsPerSecond;
}
