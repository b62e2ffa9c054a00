using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Streaming;

/// <summary>One connected viewer: its transport session, role and lifetime, as signaling sees it.</summary>
// The CancellationTokenSource has no timer or wait handle, so it holds nothing to dispose; disposing it would
// make Closed throw for signaling code that still holds the viewer.
#pragma warning disable CA1001
internal sealed class Viewer(IPeerSession session, ViewerRole role, Func<Viewer, ValueTask> close) : IViewerConnection
#pragma warning restore CA1001
{
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _gate = new();
    private bool _closing;
    private bool _joined;

    public string Id => session.Id;

    public IPeerSession Session => session;

    public SessionDescription Answer { get; set; } = new(SdpType.Answer, string.Empty);

    public ViewerRole Role { get; set; } = role;

    /// <summary>A session the server offered to a media server (<see cref="IViewerGateway.PublishAsync"/>), not a person.</summary>
    public bool IsEgress { get; init; }

    /// <summary>The offer was answered before the viewer closed: it counts as joined (and, once gone, as left).</summary>
    public bool Joined
    {
        get
        {
            lock (_gate)
            {
                return _joined;
            }
        }
    }

    /// <summary>Marks the viewer joined unless it was closed first (e.g. its transport failed during negotiation).</summary>
    public bool TryMarkJoined()
    {
        lock (_gate)
        {
            if (_closing)
            {
                return false;
            }

            _joined = true;
            return true;
        }
    }

    public CancellationToken Closed => _closed.Token;

    /// <summary>Guards <see cref="Tier"/> and <see cref="PendingTier"/> together with the frame sent under them.</summary>
    public Lock TierGate { get; } = new();

    /// <summary>The encoder tier whose frames this viewer gets.</summary>
    public int Tier { get; set; }

    /// <summary>The tier it moves to at that tier's next keyframe (its stream must start with one), or -1.</summary>
    public int PendingTier { get; set; } = -1;

    /// <summary>The tier it gets frames from once any move completes.</summary>
    public int TargetTier
    {
        get
        {
            lock (TierGate)
            {
                return PendingTier >= 0 ? PendingTier : Tier;
            }
        }
    }

    /// <summary>Sets the tier to move to; false if it was already there or on its way.</summary>
    public bool MoveTo(int tier)
    {
        lock (TierGate)
        {
            if (tier == (PendingTier >= 0 ? PendingTier : Tier))
            {
                return false;
            }

            PendingTier = tier == Tier ? -1 : tier;
            return PendingTier >= 0;
        }
    }

    /// <summary>Whether a frame of <paramref name="tier"/> goes to this viewer; a keyframe of the pending tier completes the move.</summary>
    public bool Takes(int tier, bool keyframe)
    {
        if (PendingTier == tier && keyframe)
        {
            Tier = tier;
            PendingTier = -1;
        }

        return Tier == tier;
    }

    public ValueTask AddRemoteCandidateAsync(IceCandidate? candidate, CancellationToken cancellationToken) =>
        session.AddRemoteCandidateAsync(candidate, cancellationToken);

    public ValueTask CloseAsync() => close(this);

    public ILocalCandidateSource? LocalCandidates => session as ILocalCandidateSource;

    public IIceRestartable? IceRestart => session as IIceRestartable;

    /// <summary>
    /// Marks the viewer closed: true for exactly one caller however many close at once (a DELETE, the transport
    /// failing, shutdown). Whoever registered on <see cref="Closed"/> runs now; if one of them throws, the viewer is
    /// closed all the same and <paramref name="callbackFailed"/> hears of it.
    /// </summary>
    public bool MarkClosed(Action<Exception>? callbackFailed = null)
    {
        lock (_gate)
        {
            // Under the same lock as TryMarkJoined: whoever closes sees Joined as it finally stands.
            if (_closing)
            {
                return false;
            }

            _closing = true;
        }

        try
        {
            _closed.Cancel();
        }
        catch (AggregateException ex)
        {
            callbackFailed?.Invoke(ex);
        }

        return true;
    }
}
