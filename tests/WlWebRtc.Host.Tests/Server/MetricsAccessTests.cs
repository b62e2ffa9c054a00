using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Host.Control;
using WlWebRtc.Host.Server;
using WlWebRtc.RateLimiting;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Host.Tests.Server;

/// <summary>/metrics on the network listener: only the metrics token opens it, and guessing it is limited.</summary>
public sealed class MetricsAccessTests : IAsyncLifetime
{
    private const string ViewToken = "view-token-0123456789";
    private const string ControlToken = "control-token-0123456789";
    private const string MetricsToken = "metrics-token-0123456789";
    private static readonly HttpClient Http = new();
    private readonly AccessTokens _viewerTokens = new(ViewToken, ControlToken);
    private LoopbackKestrel? _server;

    public Task InitializeAsync() => StartAsync(MetricsToken);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task StartAsync(string? metricsToken)
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        var token = metricsToken is null ? null : new SecretToken(metricsToken);
        _server = await LoopbackKestrel.StartAsync(endpoints =>
            MetricsEndpoint.Map(endpoints, () => "wlwebrtc_viewers 3\n", token, new SharedAuthenticationGuard(TimeProvider.System), NullLogger.Instance));
    }

    private async Task<(HttpStatusCode Status, string Body)> GetAsync(string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server!.Address, MetricsEndpoint.Path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_MetricsToken_ServesTheFigures()
    {
        var (status, body) = await GetAsync(MetricsToken);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("wlwebrtc_viewers 3", body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ViewToken)]
    [InlineData(ControlToken)]
    public async Task Get_ViewerOrControlToken_Refused401(string token)
    {
        Assert.NotNull(_viewerTokens.Authenticate(token));
        Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync(token)).Status);
    }

    [Fact]
    public async Task Get_NoMetricsTokenConfigured_NotServedOverHttp()
    {
        await StartAsync(null);
        var (status, body) = await GetAsync(ViewToken);
        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("server.metrics_token", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_RepeatedWrongTokens_429EvenForTheRightToken()
    {
        for (var i = 0; i < AuthenticationLimits.Default.FailuresPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await GetAsync("guess-" + i)).Status);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync(MetricsToken)).Status);
    }

    [Fact]
    public void SecretToken_DifferentLengthsAndContents_OnlyTheSecretMatches()
    {
        var secret = new SecretToken(MetricsToken);
        Assert.True(secret.Matches(MetricsToken));
        Assert.False(secret.Matches(MetricsToken[..^1]));
        Assert.False(secret.Matches(MetricsToken + "x"));
        Assert.False(secret.Matches(string.Empty));
        Assert.False(secret.Matches(null));
    }
}
