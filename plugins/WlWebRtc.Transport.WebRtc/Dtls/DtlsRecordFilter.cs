using System.Buffers.Binary;

namespace WlWebRtc.Transport.WebRtc.Dtls;

/// <summary>
/// Screens datagrams before BouncyCastle sees them. Once the handshake is done, a plaintext (epoch 0) alert
/// or application-data record can only be forged: epoch 0 carries no MAC, and BouncyCastle would act on a
/// fatal alert there, letting anyone who can spoof the 5-tuple close the session. Epoch-0 handshake records
/// still pass while the peer may have lost our last flight (it then retransmits its own), if their header is
/// sane; once the peer proved it has the keys (authenticated SRTCP or DTLS data arrived), every epoch-0
/// record is dropped: BouncyCastle ends the association on a malformed one (decode_error). Broken record
/// framing is dropped too.
/// </summary>
internal static class DtlsRecordFilter
{
    private const int HeaderLength = 13;
    private const byte ContentAlert = 21;
    private const byte ContentApplicationData = 23;
    private const byte ContentHandshake = 22;
    private const int MinProtectedLength = 8 + 16;
    private const int MaxRecordLength = 16384 + 2048;

    public static bool Accept(ReadOnlySpan<byte> datagram, bool handshakeDone, bool peerConfirmed = false)
    {
        if (datagram.Length < HeaderLength)
        {
            return false;
        }

        var offset = 0;
        while (offset < datagram.Length)
        {
            if (datagram.Length - offset < HeaderLength)
            {
                return false;
            }

            var record = datagram[offset..];
            var type = record[0];
            if (type is < 20 or > 63 || record[1] != 0xFE)
            {
                return false; // not DTLS (RFC 7983 range; DTLS versions are 0xFEFF/0xFEFD)
            }

            var epoch = BinaryPrimitives.ReadUInt16BigEndian(record[3..]);
            var length = BinaryPrimitives.ReadUInt16BigEndian(record[11..]);
            if (length > record.Length - HeaderLength)
            {
                return false;
            }

            // Protected records (epoch 1: WebRTC never renegotiates) must at least hold the AES-GCM explicit
            // nonce and tag: BouncyCastle answers a shorter one with a fatal decode_error instead of dropping it.
            if (epoch > 1 || (epoch == 1 && length < MinProtectedLength) || length > MaxRecordLength)
            {
                return false;
            }

            if (handshakeDone && epoch == 0 &&
                (peerConfirmed || type is ContentAlert or ContentApplicationData ||
                 (type == ContentHandshake && !SaneHandshake(record.Slice(HeaderLength, length)))))
            {
                return false;
            }

            offset += HeaderLength + length;
        }

        return true;
    }

    /// <summary>A DTLS handshake fragment header (RFC 6347 section 4.2.2) whose lengths add up.</summary>
    private static bool SaneHandshake(ReadOnlySpan<byte> fragment)
    {
        if (fragment.Length < 12)
        {
            return false;
        }

        var type = fragment[0];
        var length = (fragment[1] << 16) | (fragment[2] << 8) | fragment[3];
        var offset = (fragment[6] << 16) | (fragment[7] << 8) | fragment[8];
        var fragmentLength = (fragment[9] << 16) | (fragment[10] << 8) | fragment[11];
        return type is 1 or 11 or 15 or 16 or 20 && offset + fragmentLength <= length && fragmentLength == fragment.Length - 12;
    }
}
