using System.Diagnostics.CodeAnalysis;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WlWebRtc.Ice.Stun;

/// <summary>MESSAGE-INTEGRITY keys and codes and the FINGERPRINT (RFC 8489 sections 9 and 14.5-14.7).</summary>
public static class StunIntegrity
{
    /// <summary>Short-term credential (ICE): the key is the password itself.</summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// Long-term credential: MD5(username ":" realm ":" password) (RFC 8489 section 9.2.2). The password is taken
    /// as given (OpaqueString preparation of non-ASCII passwords is the caller's business).
    /// </summary>
    [SuppressMessage("Security", "CA5351:Do not use broken cryptographic algorithms", Justification = "MD5 is what RFC 8489 section 9.2.2 prescribes for the long-term key.")]
    public static byte[] LongTermKey(string username, string realm, string password) =>
        MD5.HashData(Encoding.UTF8.GetBytes(username + ":" + realm + ":" + password));

    /// <summary>
    /// HMAC-SHA1 over the message up to (not including) MESSAGE-INTEGRITY, with the header's length field set
    /// as if MESSAGE-INTEGRITY were the last attribute.
    /// </summary>
    public static void ComputeIntegrity(ReadOnlySpan<byte> prefix, ReadOnlySpan<byte> key, Span<byte> mac)
    {
        Span<byte> header = stackalloc byte[StunConstants.HeaderLength];
        prefix[..StunConstants.HeaderLength].CopyTo(header);
        BinaryPrimitives.WriteUInt16BigEndian(header[2..], (ushort)(prefix.Length - StunConstants.HeaderLength + 4 + StunConstants.MessageIntegrityLength));
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, key);
        hmac.AppendData(header);
        hmac.AppendData(prefix[StunConstants.HeaderLength..]);
        hmac.GetHashAndReset(mac);
    }

    /// <summary>CRC-32 of the message up to FINGERPRINT (length field already final), XOR 0x5354554E.</summary>
    public static uint ComputeFingerprint(ReadOnlySpan<byte> prefix) =>
        System.IO.Hashing.Crc32.HashToUInt32(prefix) ^ StunConstants.FingerprintXor;
}
