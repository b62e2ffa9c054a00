namespace WlWebRtc.Signaling;

/// <summary>
/// The host's one limit on token guessing, shared by every endpoint that checks a token (each signaling plugin and
/// the host's own), so that an attacker who rotates source addresses gets one server-wide budget of guesses, not one
/// per endpoint. Before a presented token is checked, <see cref="TryBegin"/> asks whether the address may try; every
/// true is followed by <see cref="Succeeded"/> or <see cref="Failed"/>. Thread-safe.
/// </summary>
public interface IAuthenticationGuard
{
    /// <summary>
    /// Whether <paramref name="client"/> (its address) may present a token now. When it may not,
    /// <paramref name="retryAfter"/> says when to try again and <paramref name="reason"/> why, and the token must not
    /// be checked at all.
    /// </summary>
    bool TryBegin(string client, out TimeSpan retryAfter, out string reason);

    /// <summary>The token was wrong: counts the failure; returns the lockout that starts now, or zero.</summary>
    TimeSpan Failed(string client);

    /// <summary>The token was right: forgets the address's failures.</summary>
    void Succeeded(string client);
}
