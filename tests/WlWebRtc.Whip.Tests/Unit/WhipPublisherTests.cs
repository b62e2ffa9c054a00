using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Publish.Whip.Http;
using WlWebRtc.Publish.Whip.Plugin;
using WlWebRtc.Publish.Whip.Publishing;
using WlWebRtc.Signaling;
using WlWebRtc.Testing;
using WlWebRtc.Transport;

namespace WlWebRtc.Whip.Tests.Unit;

public sealed class WhipPublisherTests
{
    private static readonly WhipPublishOptions Options = WhipPublishOptions.Default with { Enabled = true, Url = FakeWhipEndpoint.Url, BearerToken = "secret" };

    private readonly ManualTimeProvider _time = new(TimeSpan.FromSeconds(1));
    private readonly FakeGateway _gateway = new();

    private WhipPublisher Publisher(FakeWhipEndpoint endpoint) =>
        new(new WhipClient(new HttpClient(endpoint), FakeWhipEndpoint.Url, "secret"), _gateway, Options, "whip_publish", _time, NullLogger.Instance);

    /// <summary>How far ahead the publisher's retry timer is armed, once it is.</summary>
    private async Task<TimeSpan> RetryDelayAsync()
    {
        await Poll.UntilAsync(() => _time.NextDue() is not null, "the retry timer is armed");
        return TimeSpan.FromTicks(_time.NextDue()!.Value - _time.GetTimestamp());
    }

    [Fact]
    public async Task Start_EndpointAnswers201_ReportsConnectedWithTheSession()
    {
        var endpoint = new FakeWhipEndpoint(r => r.Method == HttpMethod.Post ? FakeWhipEndpoint.Created() : FakeWhipEndpoint.Status(HttpStatusCode.NoContent));
        await using var publisher = Publisher(endpoint);

        publisher.Start();

        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Connected, "connected");
        Assert.Equal("egress-0", _gateway.Last!.ViewerId);
        Assert.Equal("https://sfu.example/whip/room1", _gateway.Last.Target);
        Assert.Equal(0, _gateway.Last.Reconnects);
        Assert.Null(_gateway.Last.Error);
    }

    [Fact]
    public async Task Start_Endpoint401_ReportsTheErrorAndRetriesWithDoublingBackoff()
    {
        var endpoint = new FakeWhipEndpoint(r => r.Method == HttpMethod.Post ? FakeWhipEndpoint.Status(HttpStatusCode.Unauthorized, "bad token") : FakeWhipEndpoint.Status(HttpStatusCode.NoContent));
        await using var publisher = Publisher(endpoint);

        publisher.Start();

        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Error, "the refusal is reported");
        Assert.Contains("401", _gateway.Last!.Error, StringComparison.Ordinal);
        Assert.Contains("bad token", _gateway.Last.Error, StringComparison.Ordinal);
        Assert.Equal(TimeSpan.FromSeconds(1), await RetryDelayAsync());

        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => endpoint.Count(HttpMethod.Post) == 2, "a second attempt");
        Assert.Equal(TimeSpan.FromSeconds(2), await RetryDelayAsync());

        _time.Advance(TimeSpan.FromSeconds(2));
        await Poll.UntilAsync(() => endpoint.Count(HttpMethod.Post) == 3, "a third attempt");
        Assert.Equal(TimeSpan.FromSeconds(4), await RetryDelayAsync());
        Assert.Equal(0, endpoint.Count(HttpMethod.Delete));
    }

    [Fact]
    public async Task SessionLost_DeletesTheResourceAndPublishesAgain()
    {
        var endpoint = new FakeWhipEndpoint(r => r.Method == HttpMethod.Post ? FakeWhipEndpoint.Created() : FakeWhipEndpoint.Status(HttpStatusCode.OK));
        await using var publisher = Publisher(endpoint);
        publisher.Start();
        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Connected, "connected");

        await _gateway.Connections.Single().CloseAsync();

        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Reconnecting, "reconnecting");
        Assert.Equal(1, endpoint.Count(HttpMethod.Delete));
        Assert.Equal(new Uri("https://sfu.example/whip/room1/resource/abc"), endpoint.Requests.Single(r => r.Method == HttpMethod.Delete).Uri);
        Assert.Equal(TimeSpan.FromSeconds(1), await RetryDelayAsync());

        _time.Advance(TimeSpan.FromSeconds(1));

        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Connected, "connected again");
        Assert.Equal(1, _gateway.Last!.Reconnects);
        Assert.Equal("egress-1", _gateway.Last.ViewerId);
    }

    [Fact]
    public async Task SessionLostAfterAStableSession_BackoffStartsAgainFromItsMinimum()
    {
        var posts = 0;
        var endpoint = new FakeWhipEndpoint(r => r.Method != HttpMethod.Post ? FakeWhipEndpoint.Status(HttpStatusCode.OK)
            : Interlocked.Increment(ref posts) <= 2 ? FakeWhipEndpoint.Status(HttpStatusCode.ServiceUnavailable) : FakeWhipEndpoint.Created());
        await using var publisher = Publisher(endpoint);
        publisher.Start();
        Assert.Equal(TimeSpan.FromSeconds(1), await RetryDelayAsync());
        _time.Advance(TimeSpan.FromSeconds(1));
        await Poll.UntilAsync(() => Volatile.Read(ref posts) == 2, "a second attempt");
        Assert.Equal(TimeSpan.FromSeconds(2), await RetryDelayAsync());
        _time.Advance(TimeSpan.FromSeconds(2));
        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Connected, "connected");

        _time.Advance(WhipPublisher.StableAfter);
        await _gateway.Connections.Single().CloseAsync();

        Assert.Equal(TimeSpan.FromSeconds(1), await RetryDelayAsync());
    }

    [Fact]
    public async Task StopAsync_DeletesTheResourceAndReportsStopped()
    {
        var endpoint = new FakeWhipEndpoint(r => r.Method == HttpMethod.Post ? FakeWhipEndpoint.Created() : FakeWhipEndpoint.Status(HttpStatusCode.OK));
        var publisher = Publisher(endpoint);
        publisher.Start();
        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Connected, "connected");

        await publisher.DisposeAsync();

        Assert.Equal(1, endpoint.Count(HttpMethod.Delete));
        Assert.Equal(EgressState.Stopped, _gateway.Last!.State);
    }

    [Fact]
    public async Task Start_AnswerNamesIceServers_TheNextAttemptGathersThroughThem()
    {
        var endpoint = new FakeWhipEndpoint(r => r.Method == HttpMethod.Post
            ? FakeWhipEndpoint.Created("/r/1", "<turn:relay.sfu.example>; rel=\"ice-server\"; username=\"u\"; credential=\"p\"")
            : FakeWhipEndpoint.Status(HttpStatusCode.OK));
        await using var publisher = Publisher(endpoint);
        publisher.Start();
        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Connected, "connected");
        Assert.Empty(_gateway.LastIceServers!);

        await _gateway.Connections.Single().CloseAsync();
        _time.Advance(await RetryDelayAsync());

        await Poll.UntilAsync(() => _gateway.Connections.Count == 2, "published again");
        Assert.Equal("turn:relay.sfu.example", Assert.Single(_gateway.LastIceServers!).Urls[0]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    [InlineData(4, 16)]
    [InlineData(5, 30)]
    [InlineData(60, 30)]
    public void Delay_Attempt_DoublesUpToTheMaximum(int attempt, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), Backoff.Delay(attempt, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30)));

    [Fact]
    public void Delay_RetryAfterLonger_IsHonouredUpToTheMaximum()
    {
        Assert.Equal(TimeSpan.FromSeconds(10), Backoff.Delay(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(30), Backoff.Delay(0, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromHours(1)));
    }

    [Fact]
    public void Read_SeveralBadKeys_ReportsEveryErrorAtOnce()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["enabled"] = "true",
            ["url"] = "ftp://sfu.example/whip",
            ["bearer_token"] = "has space",
            ["retry_min_ms"] = "5",
            ["colour"] = "blue",
        }).Build();

        var (options, errors) = WhipPublishOptions.Read(settings);

        Assert.Null(options);
        Assert.Equal(["bearer_token", "colour", "retry_min_ms", "url"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_EnabledWithoutUrl_IsAnError()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["enabled"] = "true" }).Build();

        Assert.Equal("url", Assert.Single(WhipPublishOptions.Read(settings).Errors).Key);
    }

    [Theory]
    [InlineData(null, IceTransportPolicy.All)]
    [InlineData("all", IceTransportPolicy.All)]
    [InlineData("relay", IceTransportPolicy.Relay)]
    [InlineData("RELAY", IceTransportPolicy.Relay)]
    public void Read_IceTransportPolicy_IsAllOrRelay(string? value, IceTransportPolicy expected)
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ice_transport_policy"] = value }).Build();

        Assert.Equal(expected, WhipPublishOptions.Read(settings).Options!.IceTransportPolicy);
    }

    [Fact]
    public void Read_IceTransportPolicyUnknown_IsAnErrorNamingTheChoices()
    {
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ice_transport_policy"] = "nohost" }).Build();

        var error = Assert.Single(WhipPublishOptions.Read(settings).Errors);
        Assert.Equal("ice_transport_policy", error.Key);
        Assert.Contains("all, relay", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_RelayPolicy_AsksTheGatewayForARelayOnlySession()
    {
        var endpoint = new FakeWhipEndpoint(r => r.Method == HttpMethod.Post ? FakeWhipEndpoint.Created() : FakeWhipEndpoint.Status(HttpStatusCode.NoContent));
        await using var publisher = new WhipPublisher(new WhipClient(new HttpClient(endpoint), FakeWhipEndpoint.Url, "secret"), _gateway,
            Options with { IceTransportPolicy = IceTransportPolicy.Relay }, "whip_publish", _time, NullLogger.Instance);

        publisher.Start();

        await Poll.UntilAsync(() => _gateway.Last?.State == EgressState.Connected, "connected");
        Assert.Equal(IceTransportPolicy.Relay, _gateway.LastPolicy);
    }
}
