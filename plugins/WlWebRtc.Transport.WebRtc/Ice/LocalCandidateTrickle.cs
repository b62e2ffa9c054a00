using WlWebRtc.Transport.WebRtc.Sdp;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>
/// The server's candidates found after its description was written, for signaling to trickle (RFC 8838): kept in order
/// (at most <see cref="MaxCandidates"/>), replayed to each new subscriber, then end-of-candidates once gathering ended.
/// </summary>
internal sealed class LocalCandidateTrickle : ILocalCandidateSource
{
    /// <summary>Most candidates trickled per session (host sockets x STUN servers + TURN servers stays far below).</summary>
    public const int MaxCandidates = 32;

    private readonly Lock _lock = new();
    private readonly List<IceCandidate> _candidates = [];
    private readonly List<Action<IceCandidate?>> _handlers = [];
    private readonly string _mid;
    private bool _complete;

    public LocalCandidateTrickle(string mid) => _mid = mid;

    public bool IsComplete
    {
        get
        {
            lock (_lock)
            {
                return _complete;
            }
        }
    }

    public IDisposable SubscribeLocalCandidates(Action<IceCandidate?> handler)
    {
        ArgumentNullException.ThrowIfNull(handler);
        IceCandidate[] replay;
        bool complete;
        lock (_lock)
        {
            // Replayed and registered under one lock: a candidate added meanwhile is either in the replay or delivered after it.
            replay = [.. _candidates];
            complete = _complete;
            foreach (var candidate in replay)
            {
                handler(candidate);
            }

            if (complete)
            {
                handler(null);
                return Registration.None;
            }

            _handlers.Add(handler);
        }

        return new Registration(this, handler);
    }

    /// <summary>A candidate found after the description went out; false when past the limit or after the end.</summary>
    public bool Add(SdpCandidate candidate)
    {
        var trickled = new IceCandidate(candidate.Format(), _mid, 0);
        lock (_lock)
        {
            if (_complete || _candidates.Count >= MaxCandidates || _candidates.Any(c => c.Candidate == trickled.Candidate))
            {
                return false;
            }

            _candidates.Add(trickled);
            foreach (var handler in _handlers)
            {
                handler(trickled);
            }
        }

        return true;
    }

    /// <summary>Gathering ended: subscribers hear end-of-candidates once.</summary>
    public void Complete()
    {
        lock (_lock)
        {
            if (_complete)
            {
                return;
            }

            _complete = true;
            foreach (var handler in _handlers)
            {
                handler(null);
            }

            _handlers.Clear();
        }
    }

    private sealed class Registration(LocalCandidateTrickle? owner, Action<IceCandidate?>? handler) : IDisposable
    {
        public static readonly Registration None = new(null, null);

        public void Dispose()
        {
            if (owner is not null && handler is not null)
            {
                lock (owner._lock)
                {
                    owner._handlers.Remove(handler);
                }
            }
        }
    }
}
