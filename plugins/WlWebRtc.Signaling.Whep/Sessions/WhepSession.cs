using System.Globalization;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Whep.Sessions;

/// <summary>
/// One WHEP session resource: its viewer, the client's current ICE ufrag, the entity-tag of the current ICE session
/// (a new one after each ICE restart, RFC 9725 section 4.3), and the server's trickled candidates not yet returned in
/// a PATCH response.
/// </summary>
internal sealed class WhepSession : IDisposable
{
    /// <summary>Trickled server candidates kept for the client (the transport trickles far fewer).</summary>
    public const int MaxPending = 64;

    private readonly Lock _lock = new();
    private readonly List<IceCandidate> _pending = [];
    private readonly IDisposable? _subscription;
    private int _generation;
    private bool _gatheringComplete;
    private bool _endReturned;

    public WhepSession(IViewerConnection viewer, string? iceUfrag)
    {
        Viewer = viewer;
        IceUfrag = iceUfrag;
        ETag = MakeETag(viewer.Id, 0);
        MediaLine = AnswerMedia.FirstOf(viewer.Answer.Sdp);
        var source = viewer.LocalCandidates;
        if (source is null)
        {
            _gatheringComplete = _endReturned = true; // every candidate is in the answer
        }
        else
        {
            _subscription = source.SubscribeLocalCandidates(OnLocalCandidate);
        }
    }

    public IViewerConnection Viewer { get; }

    /// <summary>The m= line and mid of the answer's first section, for the SDP fragments of PATCH responses (RFC 8840).</summary>
    public AnswerMedia MediaLine { get; }

    public string? IceUfrag
    {
        get
        {
            lock (_lock)
            {
                return field;
            }
        }

        private set
        {
            lock (_lock)
            {
                field = value;
            }
        }
    }

    public string ETag
    {
        get
        {
            lock (_lock)
            {
                return field;
            }
        }

        private set
        {
            lock (_lock)
            {
                field = value;
            }
        }
    }

    /// <summary>The server's candidates not yet returned, and whether end-of-candidates is due in this response.</summary>
    public (IReadOnlyList<IceCandidate> Candidates, bool EndOfCandidates) TakePending()
    {
        lock (_lock)
        {
            IReadOnlyList<IceCandidate> taken = [.. _pending];
            _pending.Clear();
            var end = _gatheringComplete && !_endReturned;
            _endReturned |= end;
            return (taken, end);
        }
    }

    /// <summary>
    /// An ICE restart went through with the client's <paramref name="ufrag"/>: a new entity-tag, and what was pending is
    /// dropped (the restart response lists every candidate). Returns whether gathering has ended.
    /// </summary>
    public bool Restarted(string ufrag)
    {
        lock (_lock)
        {
            _generation++;
            IceUfrag = ufrag;
            ETag = MakeETag(Viewer.Id, _generation);
            _pending.Clear();
            _endReturned = _gatheringComplete;
            return _gatheringComplete;
        }
    }

    public void Dispose() => _subscription?.Dispose();

    private void OnLocalCandidate(IceCandidate? candidate)
    {
        lock (_lock)
        {
            if (candidate is null)
            {
                _gatheringComplete = true;
            }
            else if (_pending.Count < MaxPending)
            {
                _pending.Add(candidate);
            }
        }
    }

    private static string MakeETag(string id, int generation) =>
        generation == 0 ? $"\"{id}\"" : string.Create(CultureInfo.InvariantCulture, $"\"{id}-{generation}\"");
}

/// <summary>The first media section of an answer: its m= line (port 9) and its mid.</summary>
internal sealed record AnswerMedia(string MLine, string Mid)
{
    public static AnswerMedia FirstOf(string sdp)
    {
        string? mLine = null;
        foreach (var raw in sdp.AsSpan().EnumerateLines())
        {
            var line = raw.Trim();
            if (line.StartsWith("m=", StringComparison.Ordinal))
            {
                if (mLine is not null)
                {
                    break;
                }

                // m=<media> <port> <proto> <fmt ...>: the port of a fragment is 9 (RFC 8840 section 9).
                var parts = line.ToString().Split(' ');
                mLine = parts.Length >= 4 ? $"{parts[0]} 9 {string.Join(' ', parts[2..])}" : line.ToString();
            }
            else if (mLine is not null && line.StartsWith("a=mid:", StringComparison.Ordinal))
            {
                return new AnswerMedia(mLine, line["a=mid:".Length..].ToString());
            }
        }

        return new AnswerMedia(mLine ?? "m=video 9 UDP/TLS/RTP/SAVPF 96", "0");
    }
}
