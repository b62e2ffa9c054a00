using System.Security.Cryptography;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>Random ICE ufrag and password (RFC 8839: at least 24 bits and 128 bits of randomness).</summary>
internal sealed record IceCredentials(string Ufrag, string Pwd)
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    public static IceCredentials Create() => new(RandomString(8), RandomString(24));

    private static string RandomString(int length) => RandomNumberGenerator.GetString(Alphabet, length);
}
