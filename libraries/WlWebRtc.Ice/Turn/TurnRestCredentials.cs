using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WlWebRtc.Ice.Turn;

/// <summary>A time-limited TURN credential minted from a shared secret.</summary>
public readonly record struct TurnCredential(string Username, string Password, DateTimeOffset Expires);

/// <summary>
/// TURN REST API credentials (draft-uberti-behave-turn-rest, coturn's <c>use-auth-secret</c>): the username is
/// "expiry:user" with the expiry in Unix seconds, the password base64(HMAC-SHA1(secret, username)). The server
/// recomputes the password from the secret and refuses expired usernames, so pages never see a long-lived password.
/// </summary>
public static class TurnRestCredentials
{
    public static TurnCredential Mint(string sharedSecret, string user, TimeSpan validFor, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(sharedSecret);
        ArgumentNullException.ThrowIfNull(user);
        if (user.Contains(':', StringComparison.Ordinal))
        {
            throw new ArgumentException("The user part of a TURN REST username may not contain ':'.", nameof(user));
        }

        if (validFor <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(validFor), validFor, "A credential must be valid for a positive time.");
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds() + (long)Math.Ceiling(validFor.TotalSeconds));
        var expiry = expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var username = user.Length == 0 ? expiry : expiry + ":" + user;
        return new TurnCredential(username, Password(sharedSecret, username), expires);
    }

    /// <summary>base64(HMAC-SHA1(secret, username)).</summary>
    [SuppressMessage("Security", "CA5350:Do not use weak cryptographic algorithms", Justification = "HMAC-SHA1 is what TURN REST credentials are; coturn computes the same.")]
    public static string Password(string sharedSecret, string username) =>
        Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(sharedSecret), Encoding.UTF8.GetBytes(username)));
}
