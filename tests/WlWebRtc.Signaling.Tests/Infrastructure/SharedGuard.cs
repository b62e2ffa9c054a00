using WlWebRtc.RateLimiting;

namespace WlWebRtc.Signaling.Tests.Infrastructure;

/// <summary>What the host gives every signaling plugin through the gateway: one guard over the default limits.</summary>
internal sealed class SharedGuard(TimeProvider time) : IAuthenticationGuard
{
    private readonly AuthenticationGuard _guard = new(AuthenticationLimits.Default, time);

    public bool TryBegin(string client, out TimeSpan retryAfter, out string reason) => _guard.TryBegin(client, out retryAfter, out reason);

    public TimeSpan Failed(string client) => _guard.Failed(client);

    public void Succeeded(string client) => _guard.Succeeded(client);
}
