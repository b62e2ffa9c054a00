using System.Diagnostics;

namespace WlWebRtc.Rtp.Packets;

/// <summary>The header extension URIs this library writes, for SDP extmap negotiation.</summary>
public static class RtpExtensionUris
{
    public const string AbsSendTime = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCc = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string PlayoutDelay = "http://www.webrtc.org/experiments/rtp-hdrext/playout-delay";
}

/// <summary>abs-send-time: 24-bit 6.18 fixed-point seconds.</summary>
internal static class AbsSendTime
{
    public const int Length = 3;

    /// <summary>The 24-bit value for a monotonic timestamp (only differences matter to the receiver).</summary>
    public static uint FromTimestamp(long monotonicTimestamp) => FromTimestamp(monotonicTimestamp, Stopwatch.Frequency);

    public static uint FromTimestamp(long monotonicTimestamp, long frequency)
    {
        var seconds = monotonicTimestamp / frequency;
        var remainder = monotonicTimestamp % frequency;
        var fixedPoint = (seconds << 18) + ((remainder << 18) / frequency);
        return (uint)(fixedPoint & 0xFFFFFF);
    }

    public static void Write(Span<byte> destination, uint value)
    {
        destination[0] = (byte)(value >> 16);
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)value;
    }

    public static bool TryRead(ReadOnlySpan<byte> value, out uint result)
    {
        result = 0;
        if (value.Length != Length)
        {
            return false;
        }

        result = ((uint)value[0] << 16) | ((uint)value[1] << 8) | value[2];
        return true;
    }
}

/// <summary>transport-wide-cc: the 16-bit transport-wide sequence number.</summary>
internal static class TransportWideSequence
{
    public const int Length = 2;

    public static void Write(Span<byte> destination, ushort sequence)
    {
        destination[0] = (byte)(sequence >> 8);
        destination[1] = (byte)sequence;
    }

    public static bool TryRead(ReadOnlySpan<byte> value, out ushort sequence)
    {
        sequence = 0;
        if (value.Length != Length)
        {
            return false;
        }

        sequence = (ushort)((value[0] << 8) | value[1]);
        return true;
    }
}

/// <summary>playout-delay: 12-bit minimum and maximum in 10 ms units.</summary>
internal static class PlayoutDelay
{
    public const int Length = 3;
    public const int MaxUnits = 0xFFF;

    public static void Write(Span<byte> destination, int minUnits, int maxUnits)
    {
        destination[0] = (byte)(minUnits >> 4);
        destination[1] = (byte)(((minUnits & 0x0F) << 4) | ((maxUnits >> 8) & 0x0F));
        destination[2] = (byte)maxUnits;
    }

    public static bool TryRead(ReadOnlySpan<byte> value, out int minUnits, out int maxUnits)
    {
        minUnits = maxUnits = 0;
        if (value.Length != Length)
        {
            return false;
        }

        minUnits = (value[0] << 4) | (value[1] >> 4);
        maxUnits = ((value[1] & 0x0F) << 8) | value[2];
        return true;
    }
}
