using System.Security.Cryptography;
using System.Text;

namespace WlWebRtc.Host.Server;

/// <summary>
/// A secret a client must present, compared in constant time: both sides are hashed to SHA-256 first, so that
/// neither the content nor the length of the secret shows in how long a wrong guess takes.
/// </summary>
internal sealed class SecretToken
{
    private readonly byte[] _digest;

    public SecretToken(string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        _digest = SHA256.HashData(Encoding.UTF8.GetBytes(secret));
    }

    public bool Matches(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
        {
            return false;
        }

        Span<byte> digest = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), digest);
        return CryptographicOperations.FixedTimeEquals(digest, _digest);
    }
}
