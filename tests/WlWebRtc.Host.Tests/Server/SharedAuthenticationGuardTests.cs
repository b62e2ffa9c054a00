using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Server;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Host.Tests.Streaming;
using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling;
using WlWebRtc.Testing;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Tests.Server;

/// <summary>
/// The server's one authentication guard: /metrics uses it directly, the signaling plugins through the gateway, so
/// a guesser rotating source addresses gets one global budget (about 10 a second), not one per endpoint.
/// </summary>
public sealed class SharedAuthenticationGuardTests : IAsyncDisposable
{
    private readonly ManualTimeProvider _clock = new(TimeSpan.FromSeconds(1));
    private readonly SharedAuthenticationGuard _guard;
    private readonly VideoPipeline _pipeline;
    private readonly ViewerGateway _gateway;

    public SharedAuthenticationGuardTests()
    {
        _guard = new SharedAuthenticationGuard(_clock);
        var options = new EncoderOptions(new KindSelection(["auto"]), 8_000_000, 1_000_000, 20_000_000, TimeSpan.Zero);
        _pipeline = new VideoPipeline([], options, _clock, NullLogger.Instance);
        _gateway = new ViewerGateway(Substitute.For<ITransport>(), new AccessTokens("view", null), _guard, 4, _pipeline, NullLogger<ViewerGateway>.Instance);
    }

    public async ValueTask DisposeAsync() => await _pipeline.DisposeAsync();

    /// <summary>One guess from a fresh address, alternately on /metrics' guard and on the signaling plugins' one.</summary>
    private bool Guess(int attempt)
    {
        IAuthenticationGuard endpoint = attempt % 2 == 0 ? _guard : _gateway.AuthenticationGuard;
        var client = $"10.{attempt / 65536 % 256}.{attempt / 256 % 256}.{attempt % 256}";
        if (!endpoint.TryBegin(client, out _, out _))
        {
            return false;
        }

        endpoint.Failed(client);
        return true;
    }

    [Fact]
    public void TryBegin_RotatingAddressesOverBothEndpoints_OneBudgetInAll()
    {
        var limits = AuthenticationLimits.Default;
        var attempt = 0;
        var allowed = 0;
        for (; attempt < limits.GlobalBurst * 3; attempt++)
        {
            allowed += Guess(attempt) ? 1 : 0;
        }

        Assert.Equal(limits.GlobalBurst, allowed);

        _clock.Advance(TimeSpan.FromSeconds(1));
        var afterOneSecond = 0;
        for (var i = 0; i < limits.GlobalBurst * 3; i++, attempt++)
        {
            afterOneSecond += Guess(attempt) ? 1 : 0;
        }

        Assert.InRange(afterOneSecond, 1, (int)Math.Ceiling(limits.GlobalAttemptsPerSecond));
    }

    [Fact]
    public void AuthenticationGuard_Gateway_IsTheServersOneGuard()
    {
        Assert.Same(_guard, _gateway.AuthenticationGuard);
    }
}
