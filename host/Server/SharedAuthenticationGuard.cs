using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling;

namespace WlWebRtc.Host.Server;

/// <summary>
/// The server's one <see cref="AuthenticationGuard"/>, shared by every endpoint that checks a token (<c>/metrics</c>
/// here, the signaling plugins through <see cref="IViewerGateway.AuthenticationGuard"/>): an attacker rotating source
/// addresses gets one global budget of guesses (<see cref="AuthenticationLimits.Default"/>: about 10 a second), not
/// one per endpoint.
/// </summary>
internal sealed class SharedAuthenticationGuard(AuthenticationGuard guard) : IAuthenticationGuard
{
    public SharedAuthenticationGuard(TimeProvider time)
        : this(new AuthenticationGuard(AuthenticationLimits.Default, time))
    {
    }

    public bool TryBegin(string client, out TimeSpan retryAfter, out string reason) => guard.TryBegin(client, out retryAfter, out reason);

    public TimeSpan Failed(string client) => guard.Failed(client);

    public void Succeeded(string client) => guard.Succeeded(client);
}
