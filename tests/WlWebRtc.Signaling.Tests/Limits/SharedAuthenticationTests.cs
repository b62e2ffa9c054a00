using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WlWebRtc.Plugins;
using WlWebRtc.RateLimiting;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Signaling.WebSocket.Plugin;
using WlWebRtc.Signaling.Whep.Plugin;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Signaling.Tests.Limits;

/// <summary>
/// Both signaling plugins on one server count wrong tokens in the host's one guard (the gateway's): guesses on
/// /whep lock the address out of /ws too, so an attacker cannot multiply its budget by the number of endpoints.
/// </summary>
public sealed class SharedAuthenticationTests : IAsyncLifetime
{
    private static readonly HttpClient Http = new();
    private readonly IViewerGateway _gateway = Substitute.For<IViewerGateway>();
    private LoopbackKestrel? _server;

    public async Task InitializeAsync()
    {
        _gateway.Authenticate("secret").Returns(new ViewerAccess(ViewerRole.View));
        _gateway.AuthenticationGuard.Returns(new SharedGuard(TimeProvider.System));
        var settings = new ConfigurationBuilder().Build();
        var context = new PluginContext(settings, settings, Hardware.HardwareInventory.Empty, NullLoggerFactory.Instance);
        _server = await LoopbackKestrel.StartAsync(endpoints =>
        {
            new WhepSignalingPlugin().MapEndpoints(endpoints, _gateway, context);
            new WebSocketSignalingPlugin().MapEndpoints(endpoints, _gateway, context);
        });
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    [Fact]
    public async Task Connect_AfterWrongTokensOnWhep_WebSocketRefusesTheAddressToo()
    {
        for (var i = 0; i < AuthenticationLimits.Default.FailuresPerAddress; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_server!.Address, "/whep"));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "guess-" + i);
            request.Content = new StringContent("v=0\r\n", System.Text.Encoding.UTF8);
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/sdp");
            using var response = await Http.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri($"ws://{_server!.Address.Authority}/ws?token=secret"), CancellationToken.None));

        Assert.Equal(HttpStatusCode.TooManyRequests, socket.HttpStatusCode);
        _gateway.DidNotReceive().Authenticate("secret");
    }
}
