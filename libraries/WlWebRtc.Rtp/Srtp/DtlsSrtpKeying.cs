namespace WlWebRtc.Rtp.Srtp;

/// <summary>
/// Splits the keying material exported from DTLS (label "EXTRACTOR-dtls_srtp") into the two directions'
/// master keys, per RFC 5764 section 4.2: client key, server key, client salt, server salt.
/// </summary>
public static class DtlsSrtpKeying
{
    /// <summary>The number of bytes to export for a profile (60 for AES-CM-128, 56 for GCM-128, 88 for GCM-256).</summary>
    public static int GetKeyingMaterialLength(SrtpProfile profile) =>
        2 * (SrtpProfileInfo.MasterKeyLength(profile) + SrtpProfileInfo.MasterSaltLength(profile));

    /// <summary>
    /// Returns the key this endpoint sends with (<c>Local</c>) and the key it receives with (<c>Remote</c>).
    /// <paramref name="isDtlsClient"/> is the DTLS role (the side with a=setup:active is the client).
    /// </summary>
    public static (SrtpMasterKey Local, SrtpMasterKey Remote) Split(SrtpProfile profile, ReadOnlySpan<byte> keyingMaterial, bool isDtlsClient)
    {
        var keyLength = SrtpProfileInfo.MasterKeyLength(profile);
        var saltLength = SrtpProfileInfo.MasterSaltLength(profile);
        var expected = 2 * (keyLength + saltLength);
        if (keyingMaterial.Length != expected)
        {
            throw new ArgumentException($"{profile} needs {expected} bytes of keying material; got {keyingMaterial.Length}.", nameof(keyingMaterial));
        }

        var client = new SrtpMasterKey(
            profile,
            keyingMaterial.Slice(0, keyLength),
            keyingMaterial.Slice(2 * keyLength, saltLength));
        var server = new SrtpMasterKey(
            profile,
            keyingMaterial.Slice(keyLength, keyLength),
            keyingMaterial.Slice((2 * keyLength) + saltLength, saltLength));
        return isDtlsClient ? (client, server) : (server, client);
    }
}
