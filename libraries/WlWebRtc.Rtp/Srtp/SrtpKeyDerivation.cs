using System.Security.Cryptography;

namespace WlWebRtc.Rtp.Srtp;

/// <summary>The SRTP key derivation function (RFC 3711 section 4.3, key_derivation_rate 0; RFC 7714 section 11).</summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryptionLabel = 0x00;
    public const byte RtpAuthenticationLabel = 0x01;
    public const byte RtpSaltLabel = 0x02;
    public const byte RtcpEncryptionLabel = 0x03;
    public const byte RtcpAuthenticationLabel = 0x04;
    public const byte RtcpSaltLabel = 0x05;

    /// <summary>
    /// Derives one session key. A 96-bit GCM master salt is used as the high bytes of the 112-bit salt
    /// (zero-padded), as libsrtp does.
    /// </summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        Derive(aes, masterSalt, label, output);
    }

    public static void Derive(Aes masterCipher, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);

        // key_id = label || r (48 bits, zero with key_derivation_rate 0), right-aligned in the 112-bit salt.
        iv[7] ^= label;
        AesCounterMode.Keystream(masterCipher, iv, output);
    }
}
