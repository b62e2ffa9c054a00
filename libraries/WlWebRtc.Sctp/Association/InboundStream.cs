namespace WlWebRtc.Sctp;

/// <summary>Received DATA fragments with consecutive TSNs (unwrapped to 64 bits) that belong to one message: the
/// message may still grow at either end until it holds its Beginning and Ending fragments (RFC 9260 §6.9: the
/// fragments of a message carry consecutive TSNs).</summary>
internal sealed class FragmentRun
{
    private readonly List<byte[]> _parts = [];

    public FragmentRun(ushort streamId, bool unordered, ushort ssn, uint ppid, long tsn, bool beginning, bool ending, byte[] data)
    {
        StreamId = streamId;
        Unordered = unordered;
        Ssn = ssn;
        Ppid = ppid;
        FirstTsn = LastTsn = tsn;
        Beginning = beginning;
        Ending = ending;
        Bytes = data.Length;
        _parts.Add(data);
    }

    public ushort StreamId { get; }
    public bool Unordered { get; }
    public ushort Ssn { get; }

    /// <summary>The payload protocol of the message: the one its first fragment carries.</summary>
    public uint Ppid { get; private set; }

    public long FirstTsn { get; private set; }
    public long LastTsn { get; private set; }
    public bool Beginning { get; private set; }
    public bool Ending { get; private set; }
    public long Bytes { get; private set; }

    public bool IsComplete => Beginning && Ending;

    /// <summary>Whether a fragment of this stream, ordering and SSN can belong to the same message.</summary>
    public bool SameMessage(ushort streamId, bool unordered, ushort ssn) =>
        StreamId == streamId && Unordered == unordered && (unordered || Ssn == ssn);

    /// <summary>Appends <paramref name="next"/>, whose first TSN follows this run's last.</summary>
    public void Append(FragmentRun next)
    {
        _parts.AddRange(next._parts);
        LastTsn = next.LastTsn;
        Ending = next.Ending;
        Bytes += next.Bytes;
    }

    /// <summary>Prepends <paramref name="previous"/>, whose last TSN precedes this run's first.</summary>
    public void Prepend(FragmentRun previous)
    {
        _parts.InsertRange(0, previous._parts);
        FirstTsn = previous.FirstTsn;
        Beginning = previous.Beginning;
        Ppid = previous.Ppid;
        Bytes += previous.Bytes;
    }

    /// <summary>The whole message's bytes, in TSN order.</summary>
    public byte[] Assemble()
    {
        if (_parts.Count == 1)
            return _parts[0];
        var data = new byte[Bytes];
        var at = 0;
        foreach (var part in _parts)
        {
            part.CopyTo(data, at);
            at += part.Length;
        }
        return data;
    }
}

/// <summary>A whole message ready for delivery.</summary>
internal sealed record InboundMessage(ushort StreamId, uint Ppid, byte[] Data);

/// <summary>Ordering state of one incoming stream.</summary>
internal sealed class InboundStream
{
    public ushort NextSsn { get; set; }

    /// <summary>Complete ordered messages waiting for an earlier SSN.</summary>
    public Dictionary<ushort, InboundMessage> ReadyOrdered { get; } = [];

    /// <summary>Fragment runs of this stream held for reassembly.</summary>
    public int Runs { get; set; }
}
