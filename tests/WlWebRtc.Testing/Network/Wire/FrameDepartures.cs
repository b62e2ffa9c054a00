using System.Buffers.Binary;

namespace WlWebRtc.Testing.Network.Wire;

/// <summary>
/// When each video frame's first RTP packet entered the wire from the server side (the sender put it on its link),
/// by RTP timestamp: with the viewer's presentation time of the same RTP timestamp (requestVideoFrameCallback's
/// rtpTimestamp) it gives the latency from the sender's socket to the screen: pacing, the link (queue, delay,
/// jitter), retransmissions, the jitter buffer, decoding and rendering. RTP headers are in the clear under SRTP.
/// </summary>
public sealed class FrameDepartures
{
    private const int MaxFrames = 100_000;
    private readonly Lock _lock = new();
    private readonly Dictionary<uint, double> _firstSeen = [];

    /// <summary>Looks at an IPv4 packet going down: a UDP datagram carrying RTP (not RTCP) with a dynamic payload type counts.</summary>
    public void Observe(ReadOnlySpan<byte> packet, double unixMs)
    {
        if (packet.Length < 20 || packet[0] >> 4 != 4 || packet[9] != 17)
        {
            return;
        }

        var headerBytes = (packet[0] & 0x0F) * 4;
        if (packet.Length < headerBytes + 8 + 12)
        {
            return;
        }

        var rtp = packet[(headerBytes + 8)..];
        var payloadType = rtp[1] & 0x7F;
        // Version 2; RTCP (packet types 192..223 in the second byte) and static payload types left out.
        if (rtp[0] >> 6 != 2 || rtp[1] is >= 192 and <= 223 || payloadType < 96)
        {
            return;
        }

        var timestamp = BinaryPrimitives.ReadUInt32BigEndian(rtp[4..]);
        lock (_lock)
        {
            if (_firstSeen.Count < MaxFrames)
            {
                _firstSeen.TryAdd(timestamp, unixMs);
            }
        }
    }

    /// <summary>When the frame with RTP timestamp <paramref name="rtpTimestamp"/> first entered the wire (Unix ms), if it did.</summary>
    public double? FirstSeen(uint rtpTimestamp)
    {
        lock (_lock)
        {
            return _firstSeen.TryGetValue(rtpTimestamp, out var at) ? at : null;
        }
    }
}
