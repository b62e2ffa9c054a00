using System.Net;
using WlWebRtc.Publish.Whip.Http;

namespace WlWebRtc.Whip.Tests.Unit;

public sealed class WhipClientTests
{
    private static WhipClient Client(FakeWhipEndpoint endpoint, string? token = "secret") => new(new HttpClient(endpoint), FakeWhipEndpoint.Url, token);

    [Fact]
    public async Task PublishAsync_Created_ReturnsAbsoluteLocationAnswerAndLinkServers()
    {
        var endpoint = new FakeWhipEndpoint(_ => FakeWhipEndpoint.Created("/whip/room1/resource/abc", "<stun:stun.sfu.example>; rel=\"ice-server\""));

        var resource = await Client(endpoint).PublishAsync("v=0\r\n", CancellationToken.None);

        Assert.Equal(new Uri("https://sfu.example/whip/room1/resource/abc"), resource.Location);
        Assert.Equal(FakeWhipEndpoint.AnswerSdp, resource.AnswerSdp);
        Assert.Equal("stun:stun.sfu.example", Assert.Single(resource.IceServers).Urls[0]);
        var request = Assert.Single(endpoint.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("Bearer secret", request.Authorization);
        Assert.Equal("application/sdp", request.ContentType);
    }

    [Theory]
    [InlineData(401, "text/plain", "invalid token", "not authorized", "invalid token")]
    [InlineData(403, "application/json", "{\"reason\":\"stream already published\"}", "forbidden", "stream already published")]
    [InlineData(404, "text/plain", "", "no such endpoint", null)]
    [InlineData(409, "application/json", "{\"error\":\"taken\"}", "conflict", "taken")]
    [InlineData(422, "text/plain", "no H.264\r\n\u0001", "cannot use the offer", "no H.264")]
    public async Task PublishAsync_Refused_ThrowsWithStatusMeaningAndReason(int status, string mediaType, string body, string meaning, string? reason)
    {
        var endpoint = new FakeWhipEndpoint(_ => FakeWhipEndpoint.Status((HttpStatusCode)status, body, mediaType));

        var e = await Assert.ThrowsAsync<WhipEndpointException>(() => Client(endpoint).PublishAsync("v=0\r\n", CancellationToken.None));

        Assert.Equal(status, e.Status);
        Assert.True(e.IsRefusal);
        Assert.Contains($"answered {status}", e.Message, StringComparison.Ordinal);
        Assert.Contains(meaning, e.Message, StringComparison.Ordinal);
        if (reason is not null)
        {
            Assert.Contains("it says: " + reason, e.Message, StringComparison.Ordinal);
        }

        Assert.DoesNotContain('\u0001', e.Message);
    }

    [Fact]
    public async Task PublishAsync_ServiceUnavailableWithRetryAfter_IsNotARefusal()
    {
        var endpoint = new FakeWhipEndpoint(_ =>
        {
            var response = FakeWhipEndpoint.Status(HttpStatusCode.ServiceUnavailable);
            response.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(7));
            return response;
        });

        var e = await Assert.ThrowsAsync<WhipEndpointException>(() => Client(endpoint).PublishAsync("v=0\r\n", CancellationToken.None));

        Assert.False(e.IsRefusal);
        Assert.Equal(TimeSpan.FromSeconds(7), e.RetryAfter);
    }

    [Fact]
    public async Task PublishAsync_LongReason_IsCut()
    {
        var endpoint = new FakeWhipEndpoint(_ => FakeWhipEndpoint.Status(HttpStatusCode.Forbidden, new string('x', 5000)));

        var e = await Assert.ThrowsAsync<WhipEndpointException>(() => Client(endpoint).PublishAsync("v=0\r\n", CancellationToken.None));

        Assert.True(e.Message.Length < 400, e.Message);
    }

    [Fact]
    public async Task PublishAsync_BodyOverTheLimit_Throws()
    {
        var endpoint = new FakeWhipEndpoint(_ =>
        {
            var response = FakeWhipEndpoint.Created();
            response.Content = new StringContent("v=0\r\n" + new string('a', WhipClient.MaxBodyBytes), System.Text.Encoding.UTF8, "application/sdp");
            return response;
        });

        var e = await Assert.ThrowsAsync<WhipEndpointException>(() => Client(endpoint).PublishAsync("v=0\r\n", CancellationToken.None));

        Assert.Contains("larger than", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PublishAsync_CreatedWithoutLocation_Throws()
    {
        var endpoint = new FakeWhipEndpoint(_ =>
        {
            var response = FakeWhipEndpoint.Created();
            response.Headers.Location = null;
            return response;
        });

        var e = await Assert.ThrowsAsync<WhipEndpointException>(() => Client(endpoint).PublishAsync("v=0\r\n", CancellationToken.None));

        Assert.Contains("Location", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_ResourceOnAnotherOrigin_SendsNoToken()
    {
        var endpoint = new FakeWhipEndpoint(_ => FakeWhipEndpoint.Status(HttpStatusCode.OK));
        var client = Client(endpoint);

        await client.DeleteAsync(new Uri("https://other.example/resource/1"), CancellationToken.None);
        await client.DeleteAsync(new Uri("https://sfu.example/whip/room1/resource/1"), CancellationToken.None);

        Assert.Equal([null, "Bearer secret"], endpoint.Requests.Select(r => r.Authorization));
    }

    [Fact]
    public async Task QueryIceServersAsync_OptionsWithLinks_ReturnsThem()
    {
        var endpoint = new FakeWhipEndpoint(_ =>
        {
            var response = FakeWhipEndpoint.Status(HttpStatusCode.NoContent);
            response.Headers.TryAddWithoutValidation("Link", "<turn:relay.example:3478>; rel=\"ice-server\"; username=\"u\"; credential=\"p\"");
            return response;
        });

        var servers = await Client(endpoint).QueryIceServersAsync(CancellationToken.None);

        Assert.Equal("u", Assert.Single(servers).Username);
        Assert.Equal(HttpMethod.Options, Assert.Single(endpoint.Requests).Method);
    }
}
