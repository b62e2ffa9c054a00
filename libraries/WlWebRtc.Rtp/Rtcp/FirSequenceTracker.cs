namespace WlWebRtc.Rtp.Rtcp;

/// <summary>
/// The last FIR sequence number seen from each of a few sender SSRCs (RFC 5104 section 4.3.1.2: a FIR
/// carrying the same sequence number as the previous one from that sender is a repeat of that request, not
/// a new one). Fixed size: beyond <see cref="Capacity"/> senders the oldest entry is reused, so a peer
/// rotating sender SSRCs costs no memory (and at worst gets a repeat treated as new, which the keyframe
/// rate limit still bounds). Not thread-safe.
/// </summary>
internal sealed class FirSequenceTracker
{
    public const int Capacity = 16;

    private readonly uint[] _senders = new uint[Capacity];
    private readonly byte[] _sequences = new byte[Capacity];
    private int _count;
    private int _next;

    /// <summary>True if <paramref name="sequence"/> repeats the last FIR from <paramref name="senderSsrc"/>; records it otherwise.</summary>
    public bool IsRepeat(uint senderSsrc, byte sequence)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_senders[i] == senderSsrc)
            {
                if (_sequences[i] == sequence)
                {
                    return true;
                }

                _sequences[i] = sequence;
                return false;
            }
        }

        var slot = _count < Capacity ? _count++ : _next;
        _next = (slot + 1) % Capacity;
        _senders[slot] = senderSsrc;
        _sequences[slot] = sequence;
        return false;
    }
}
