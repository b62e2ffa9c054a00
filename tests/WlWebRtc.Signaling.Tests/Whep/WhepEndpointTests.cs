using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using NSubstitute.ExceptionExtensions;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Signaling.Whep.Endpoints;
using WlWebRtc.Signaling.Whep.Plugin;
using WlWebRtc.Testing.Server;
using WlWebRtc.Transport;

namespace WlWebRtc.Signaling.Tests.Whep;

public sealed class WhepEndpointTests : IAsyncLifetime
{
    private const string Offer = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=video 9 UDP/TLS/RTP/SAVPF 96\r\na=mid:0\r\na=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdef012345\r\n";
    private readonly IViewerGateway _gateway = Substitute.For<IViewerGateway>();
    private readonly HttpClient _http = new();
    private LoopbackKestrel? _server;
    private WhepOptions _options = WhepOptions.Default with { MaxSessions = 2 };

    public async Task InitializeAsync()
    {
        _gateway.Authenticate("secret").Returns(new ViewerAccess(ViewerRole.View));
        _gateway.AuthenticationGuard.Returns(new SharedGuard(TimeProvider.System));
        await StartAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task StartAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        var endpoints = new WhepEndpoints(_options, _gateway, TimeProvider.System, NullLogger.Instance);
        _server = await LoopbackKestrel.StartAsync(endpoints.Map);
    }

    private Uri Url(string path) => new(_server!.Address, path);

    private HttpRequestMessage Request(HttpMethod method, string path, string? body = null, string contentType = WhepEndpoints.SdpType, string? token = "secret")
    {
        var request = new HttpRequestMessage(method, Url(path));
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }

        return request;
    }

    private FakeViewer ConnectsAs(string id)
    {
        var viewer = new FakeViewer(id, ViewerRole.View);
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>()).Returns(new ValueTask<IViewerConnection>(viewer));
        return viewer;
    }

    private async Task<(HttpResponseMessage Response, string Body)> SendAsync(HttpRequestMessage request)
    {
        var response = await _http.SendAsync(request);
        return (response, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Post_ValidOffer_Returns201WithAnswerLocationAndCors()
    {
        var viewer = ConnectsAs("abc123");
        var (response, body) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("/whep/abc123", response.Headers.Location?.OriginalString);
        Assert.Equal("application/sdp", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(viewer.Answer.Sdp, body);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Location", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
        await _gateway.Received(1).ConnectAsync(Arg.Is<SessionDescription>(d => d.Type == SdpType.Offer && d.Sdp == Offer), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>());
    }

    [Fact]
    public async Task Post_GatewayHasIceServers_201CarriesRfc9725LinkHeaders()
    {
        ConnectsAs("links1");
        _gateway.GetIceServers().Returns([
            new IceServer(["stun:stun.example.org:3478"]),
            new IceServer(["turn:turn.example.org:3478?transport=udp", "turns:turn.example.org:5349"], "1700000000:viewer", "bWludGVk"),
        ]);
        var (response, _) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(
            [
                "<stun:stun.example.org:3478>; rel=\"ice-server\"",
                "<turn:turn.example.org:3478?transport=udp>; rel=\"ice-server\"; username=\"1700000000:viewer\"; credential=\"bWludGVk\"; credential-type=\"password\"",
                "<turns:turn.example.org:5349>; rel=\"ice-server\"; username=\"1700000000:viewer\"; credential=\"bWludGVk\"; credential-type=\"password\"",
            ],
            response.Headers.GetValues("Link").ToArray());
        Assert.Contains("Link", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_NoToken_Returns401WithWwwAuthenticate()
    {
        var (response, body) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer, token: null));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Contains("Authorization: Bearer", body, StringComparison.Ordinal);
        await _gateway.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default!, default);
    }

    [Fact]
    public async Task Post_WrongToken_Returns401InvalidToken()
    {
        var (response, _) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer, token: "guess"));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("invalid_token", response.Headers.WwwAuthenticate.Single().Parameter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_WrongContentType_Returns415()
    {
        var (response, body) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer, "application/json"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("application/sdp", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OversizedBody_Returns413()
    {
        var (response, body) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer + new string('a', _options.MaxBodyBytes)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains(_options.MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MalformedOffer_Returns400WithReason()
    {
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SessionDescriptionException("line 3: m= line without a port"));
        var (response, body) = await SendAsync(Request(HttpMethod.Post, "/whep", "v=0\r\nnonsense\r\n"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 3: m= line without a port", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_OfferWithNoUsableVideoCodec_Returns400NamingWhyAndFreesTheSlot()
    {
        _options = _options with { MaxSessions = 1 };
        await StartAsync();
        const string Reason = "no usable video codec: the offer has no H.264 with packetization-mode=1";
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new SessionDescriptionException(Reason));
        var (refused, body) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(Reason, body, StringComparison.Ordinal);

        // The refused offer holds no WHEP session: the only slot takes the next good offer.
        ConnectsAs("after");
        var (accepted, _) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
    }

    [Fact]
    public async Task Post_RepeatedWrongTokens_AddressLockedOutWith429EvenForTheRightToken()
    {
        for (var i = 0; i < RateLimiting.AuthenticationLimits.Default.FailuresPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Request(HttpMethod.Post, "/whep", Offer, token: "guess" + i))).Response.StatusCode);
        }

        ConnectsAs("never");
        var (locked, _) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.True(locked.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        _gateway.DidNotReceive().Authenticate("secret");
        await _gateway.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default!, default);
    }

    [Fact]
    public async Task Post_GatewayFull_Returns503()
    {
        _gateway.ConnectAsync(Arg.Any<SessionDescription>(), Arg.Any<ViewerAccess>(), Arg.Any<CancellationToken>())
            .ThrowsAsync(new ViewerLimitException("the server already has 8 viewers"));
        var (response, body) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("8 viewers", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_MoreThanMaxSessions_Returns503UntilOneIsDeleted()
    {
        ConnectsAs("s1");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(Request(HttpMethod.Post, "/whep", Offer))).Response.StatusCode);
        ConnectsAs("s2");
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(Request(HttpMethod.Post, "/whep", Offer))).Response.StatusCode);
        ConnectsAs("s3");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(Request(HttpMethod.Post, "/whep", Offer))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(Request(HttpMethod.Delete, "/whep/s1"))).Response.StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(Request(HttpMethod.Post, "/whep", Offer))).Response.StatusCode);
    }

    [Fact]
    public async Task Post_Flood_Returns429BeyondBurst()
    {
        _options = _options with { RatePerSecond = 0.1, Burst = 3 };
        await StartAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await SendAsync(Request(HttpMethod.Post, "/whep", Offer, token: null))).Response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Patch_Candidates_Returns204AndForwardsThem()
    {
        var viewer = ConnectsAs("p1");
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        const string fragment = "a=ice-ufrag:abcd\r\na=ice-pwd:0123456789abcdef012345\r\nm=video 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
            + "a=candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host\r\na=end-of-candidates\r\n";
        var (response, _) = await SendAsync(Request(HttpMethod.Patch, "/whep/p1", fragment, WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal([new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", 0), null], viewer.Candidates);
    }

    [Fact]
    public async Task Patch_MalformedFragment_Returns400()
    {
        ConnectsAs("p2");
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        var (response, body) = await SendAsync(Request(HttpMethod.Patch, "/whep/p2", "a=candidate:nonsense\r\n", WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not a valid candidate", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Patch_WrongContentType_Returns415()
    {
        ConnectsAs("p3");
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        var (response, _) = await SendAsync(Request(HttpMethod.Patch, "/whep/p3", "a=end-of-candidates\r\n", "application/sdp"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Patch_IceRestart_Returns422()
    {
        ConnectsAs("p4");
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        var (response, _) = await SendAsync(Request(HttpMethod.Patch, "/whep/p4", "a=ice-ufrag:zzzz\r\na=ice-pwd:0123456789abcdef012345\r\n", WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task Patch_ServerTrickledCandidates_Returns200WithThemOnceThen204()
    {
        var viewer = ConnectsAs("t1");
        var source = new ManualCandidateSource();
        viewer.LocalCandidates = source;
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        source.Push(new IceCandidate("candidate:2 1 udp 1694498815 203.0.113.7 50000 typ srflx raddr 10.0.0.2 rport 50000", "0", 0));

        var (response, body) = await SendAsync(Request(HttpMethod.Patch, "/whep/t1", "a=end-of-candidates\r\n", WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(WhepEndpoints.TrickleType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("a=candidate:2 1 udp 1694498815 203.0.113.7 50000 typ srflx", body, StringComparison.Ordinal);
        Assert.DoesNotContain("a=end-of-candidates", body, StringComparison.Ordinal);
        var reparsed = global::WlWebRtc.Signaling.Whep.Sdp.TrickleFragmentParser.Parse(body);
        Assert.Single(reparsed.Candidates);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(Request(HttpMethod.Patch, "/whep/t1", "a=end-of-candidates\r\n", WhepEndpoints.TrickleType))).Response.StatusCode);
        source.Push(null);
        var (last, lastBody) = await SendAsync(Request(HttpMethod.Patch, "/whep/t1", "a=end-of-candidates\r\n", WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.OK, last.StatusCode);
        Assert.True(global::WlWebRtc.Signaling.Whep.Sdp.TrickleFragmentParser.Parse(lastBody).EndOfCandidates);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(Request(HttpMethod.Patch, "/whep/t1", "a=end-of-candidates\r\n", WhepEndpoints.TrickleType))).Response.StatusCode);
    }

    [Fact]
    public async Task Patch_IceRestartWithRestartableViewer_Returns200WithNewCredentialsAndNewETag()
    {
        var viewer = ConnectsAs("r1");
        var restart = Substitute.For<IIceRestartable>();
        IceParameters? asked = null;
        restart.RestartIceAsync(Arg.Do<IceParameters>(p => asked = p), Arg.Any<CancellationToken>())
            .Returns(new ValueTask<IceParameters>(new IceParameters("srv2", "serverpasswordserverpassword", [new IceCandidate("candidate:1 1 udp 2122260223 127.0.0.1 50000 typ host", "0", 0)])));
        viewer.IceRestart = restart;
        var (created, _) = await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        var firstTag = created.Headers.ETag!.Tag;

        var stale = Request(HttpMethod.Patch, "/whep/r1", "a=ice-ufrag:new1\r\na=ice-pwd:0123456789abcdef0123456\r\n", WhepEndpoints.TrickleType);
        stale.Headers.TryAddWithoutValidation("If-Match", "\"not-the-tag\"");
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(stale)).Response.StatusCode);

        var request = Request(HttpMethod.Patch, "/whep/r1", "a=ice-ufrag:new1\r\na=ice-pwd:0123456789abcdef0123456\r\nm=video 9 UDP/TLS/RTP/SAVPF 0\r\na=mid:0\r\n"
            + "a=candidate:1 1 udp 2122260223 127.0.0.1 40000 typ host\r\na=end-of-candidates\r\n", WhepEndpoints.TrickleType);
        request.Headers.TryAddWithoutValidation("If-Match", "*");
        var (response, body) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var fragment = global::WlWebRtc.Signaling.Whep.Sdp.TrickleFragmentParser.Parse(body);
        Assert.Equal(("srv2", "serverpasswordserverpassword"), (fragment.IceUfrag, fragment.IcePwd));
        Assert.Single(fragment.Candidates);
        Assert.Equal(("new1", "0123456789abcdef0123456", 1), (asked!.Ufrag, asked.Pwd, asked.Candidates.Count));
        Assert.Equal([null], viewer.Candidates); // the end-of-candidates of the restart fragment
        var newTag = response.Headers.ETag!.Tag;
        Assert.NotEqual(firstTag, newTag);

        // Trickle on the new ICE session names the new tag; the old one is stale now.
        var old = Request(HttpMethod.Patch, "/whep/r1", "a=end-of-candidates\r\n", WhepEndpoints.TrickleType);
        old.Headers.TryAddWithoutValidation("If-Match", firstTag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(old)).Response.StatusCode);
        var current = Request(HttpMethod.Patch, "/whep/r1", "a=ice-ufrag:new1\r\na=end-of-candidates\r\n", WhepEndpoints.TrickleType);
        current.Headers.TryAddWithoutValidation("If-Match", newTag);
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(current)).Response.StatusCode);
    }

    [Fact]
    public async Task Patch_IceRestartRefusedByTheTransport_Returns400()
    {
        var viewer = ConnectsAs("r2");
        var restart = Substitute.For<IIceRestartable>();
        restart.RestartIceAsync(Arg.Any<IceParameters>(), Arg.Any<CancellationToken>()).ThrowsAsync(new SessionDescriptionException("bad ufrag"));
        viewer.IceRestart = restart;
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        var (response, body) = await SendAsync(Request(HttpMethod.Patch, "/whep/r2", "a=ice-ufrag:new1\r\na=ice-pwd:0123456789abcdef0123456\r\n", WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("bad ufrag", body, StringComparison.Ordinal);
        var (noPwd, _) = await SendAsync(Request(HttpMethod.Patch, "/whep/r2", "a=ice-ufrag:new2\r\n", WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.BadRequest, noPwd.StatusCode);
    }

    /// <summary>A trickle the test drives by hand.</summary>
    private sealed class ManualCandidateSource : ILocalCandidateSource
    {
        private readonly List<Action<IceCandidate?>> _handlers = [];

        public void Push(IceCandidate? candidate)
        {
            foreach (var handler in _handlers)
            {
                handler(candidate);
            }
        }

        public IDisposable SubscribeLocalCandidates(Action<IceCandidate?> handler)
        {
            _handlers.Add(handler);
            return new Unsubscribe(() => _handlers.Remove(handler));
        }

        private sealed class Unsubscribe(Action action) : IDisposable
        {
            public void Dispose() => action();
        }
    }

    [Fact]
    public async Task Patch_UnknownSession_Returns404()
    {
        var (response, _) = await SendAsync(Request(HttpMethod.Patch, "/whep/nope", "a=end-of-candidates\r\n", WhepEndpoints.TrickleType));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Delete_Session_Returns200AndClosesViewer()
    {
        var viewer = ConnectsAs("d1");
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        var (response, _) = await SendAsync(Request(HttpMethod.Delete, "/whep/d1"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, viewer.CloseCalls);
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(Request(HttpMethod.Delete, "/whep/d1"))).Response.StatusCode);
    }

    [Fact]
    public async Task Delete_NoToken_Returns401AndKeepsSession()
    {
        var viewer = ConnectsAs("d2");
        await SendAsync(Request(HttpMethod.Post, "/whep", Offer));
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(Request(HttpMethod.Delete, "/whep/d2", token: null))).Response.StatusCode);
        Assert.Equal(0, viewer.CloseCalls);
    }

    [Fact]
    public async Task Options_Preflight_AllowsAuthorizationAndMethods()
    {
        var request = Request(HttpMethod.Options, "/whep", token: null);
        request.Headers.Add("Origin", "https://player.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
        var (response, _) = await SendAsync(request);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", response.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Contains("Authorization", response.Headers.GetValues("Access-Control-Allow-Headers").Single(), StringComparison.Ordinal);
        Assert.Contains("POST", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Contains("PATCH", response.Headers.GetValues("Access-Control-Allow-Methods").Single(), StringComparison.Ordinal);
        Assert.Equal("application/sdp", response.Headers.GetValues("Accept-Post").Single());
    }

    [Fact]
    public async Task Options_OriginNotAllowed_NoAllowOrigin()
    {
        _options = _options with { AllowedOrigins = ["https://ok.example"] };
        await StartAsync();
        var request = Request(HttpMethod.Options, "/whep", token: null);
        request.Headers.Add("Origin", "https://evil.example");
        var (response, _) = await SendAsync(request);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        var allowed = Request(HttpMethod.Options, "/whep", token: null);
        allowed.Headers.Add("Origin", "https://ok.example");
        Assert.Equal("https://ok.example", (await SendAsync(allowed)).Response.Headers.GetValues("Access-Control-Allow-Origin").Single());
    }
}
