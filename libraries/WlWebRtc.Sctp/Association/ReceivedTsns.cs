using WlWebRtc.Sctp.Packets.Chunks;

namespace WlWebRtc.Sctp;

/// <summary>The peer's TSNs received so far, unwrapped to 64 bits: the cumulative TSN, the ones received beyond it
/// (bounded by the caller) and the duplicates to report; builds the SACK from them.</summary>
internal sealed class ReceivedTsns
{
    private const int MaxDuplicatesReported = 32;
    private const int MaxGapBlocksReported = 64;

    private readonly SortedSet<long> _above = [];   // TSNs received beyond the cumulative TSN
    private readonly List<uint> _duplicates = [];

    /// <summary>Unwrapped: every TSN up to here received.</summary>
    public long Cumulative { get; private set; }

    /// <summary>Whether something arrived out of order (a gap to report).</summary>
    public bool HasGaps => _above.Count > 0;

    public void Start(uint peerInitialTsn)
    {
        // Unwrapped values start in the middle of the 64-bit range so subtraction never wraps.
        Cumulative = (1L << 40) + (uint)(peerInitialTsn - 1);
        _above.Clear();
    }

    public long Unwrap(uint tsn) => Cumulative + (int)(tsn - (uint)Cumulative);

    public bool Contains(long unwrapped) => unwrapped <= Cumulative || _above.Contains(unwrapped);

    public void Add(long unwrapped)
    {
        _above.Add(unwrapped);
        Advance();
    }

    public void AddDuplicate(uint tsn)
    {
        if (_duplicates.Count < MaxDuplicatesReported)
            _duplicates.Add(tsn);
    }

    /// <summary>FORWARD-TSN: everything up to <paramref name="newCumulative"/> counts as received.</summary>
    public void SkipTo(long newCumulative)
    {
        _above.RemoveWhere(t => t <= newCumulative);
        Cumulative = newCumulative;
        Advance();
    }

    /// <summary>The SACK for what was received, advertising <paramref name="rwnd"/>; the duplicates are reported once.</summary>
    public SackChunk BuildSack(uint rwnd)
    {
        var cumulative = Cumulative;
        var blocks = new List<GapAckBlock>();
        long start = -1, end = -1;
        foreach (var t in _above)
        {
            if (start < 0)
            {
                start = end = t;
            }
            else if (t == end + 1)
            {
                end = t;
            }
            else
            {
                blocks.Add(new GapAckBlock((ushort)(start - cumulative), (ushort)(end - cumulative)));
                start = end = t;
            }
            if (blocks.Count >= MaxGapBlocksReported)
                break;
        }
        if (start >= 0 && blocks.Count < MaxGapBlocksReported)
            blocks.Add(new GapAckBlock((ushort)(start - cumulative), (ushort)(end - cumulative)));
        var sack = new SackChunk((uint)cumulative, rwnd, blocks, [.. _duplicates]);
        _duplicates.Clear();
        return sack;
    }

    public void Clear()
    {
        _above.Clear();
        _duplicates.Clear();
    }

    private void Advance()
    {
        while (_above.Count > 0 && _above.Min == Cumulative + 1)
        {
            _above.Remove(Cumulative + 1);
            Cumulative++;
        }
    }
}
