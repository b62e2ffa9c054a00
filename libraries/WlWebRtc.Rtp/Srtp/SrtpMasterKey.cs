namespace WlWebRtc.Rtp.Srtp;

/// <summary>An SRTP master key and master salt for one direction (RFC 3711 section 3.2.1).</summary>
public sealed class SrtpMasterKey
{
    /// <summary>Creates a master key; throws if the lengths do not fit the profile.</summary>
    public SrtpMasterKey(SrtpProfile profile, ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        var keyLength = SrtpProfileInfo.MasterKeyLength(profile);
        var saltLength = SrtpProfileInfo.MasterSaltLength(profile);
        if (key.Length != keyLength || salt.Length != saltLength)
        {
            throw new ArgumentException(
                $"{profile} needs a {keyLength}-byte master key and a {saltLength}-byte salt; got {key.Length} and {salt.Length}.");
        }

        Profile = profile;
        Key = key.ToArray();
        Salt = salt.ToArray();
    }

    /// <summary>The protection profile the key is for.</summary>
    public SrtpProfile Profile { get; }

    /// <summary>The master key.</summary>
    public ReadOnlyMemory<byte> Key { get; }

    /// <summary>The master salt.</summary>
    public ReadOnlyMemory<byte> Salt { get; }
}
