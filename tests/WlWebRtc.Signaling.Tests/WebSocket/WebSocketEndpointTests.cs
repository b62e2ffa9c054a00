using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Signaling.WebSocket.Plugin;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Signaling.Tests.WebSocket;

public sealed class WebSocketEndpointTests : IAsyncLifetime
{
    private readonly IViewerGateway _gateway = Substitute.For<IViewerGateway>();
    private LoopbackKestrel? _server;

    public async Task InitializeAsync()
    {
        _gateway.Authenticate("secret").Returns(new ViewerAccess(ViewerRole.View));
        var plugin = new WebSocketSignalingPlugin();
        var settings = new ConfigurationBuilder()
            .AddInMemoryCollection([new("max_message_bytes", "2048")]).Build();
        var context = new PluginContext(settings, settings, Hardware.HardwareInventory.Empty, NullLoggerFactory.Instance);
        _server = await LoopbackKestrel.StartAsync(endpoints => plugin.MapEndpoints(endpoints, _gateway, context));
    }

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private Uri WebSocketUrl(string query = "") => new($"ws://{_server!.Address.Authority}/ws{query}");

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        var buffer = new byte[64 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        using var document = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
        return document.RootElement.Clone();
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    [Fact]
    public async Task Connect_WrongTokenInQuery_Refused401()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var ex = await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(WebSocketUrl("?token=guess"), CancellationToken.None));
        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        Assert.NotNull(ex);
    }

    [Fact]
    public async Task Connect_TokenInQuery_HelloAuthenticatedAndReady()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUrl("?token=secret"), CancellationToken.None);
        var hello = await ReceiveAsync(socket);
        Assert.Equal("hello", hello.GetProperty("type").GetString());
        Assert.True(hello.GetProperty("authenticated").GetBoolean());
        Assert.Equal("ready", (await ReceiveAsync(socket)).GetProperty("type").GetString());
    }

    [Fact]
    public async Task Connect_BearerHeader_Authenticated()
    {
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Authorization", "Bearer secret");
        await socket.ConnectAsync(WebSocketUrl(), CancellationToken.None);
        Assert.True((await ReceiveAsync(socket)).GetProperty("authenticated").GetBoolean());
    }

    [Fact]
    public async Task Send_OversizedMessage_ErrorThenStillServes()
    {
        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(WebSocketUrl("?token=secret"), CancellationToken.None);
        await ReceiveAsync(socket);
        await ReceiveAsync(socket);
        await ReceiveAsync(socket);
        await SendAsync(socket, $$"""{"type":"offer","sdp":"{{new string('x', 10_000)}}"}""");
        var error = await ReceiveAsync(socket);
        Assert.Equal("too-large", error.GetProperty("code").GetString());
        await SendAsync(socket, """{"type":"ping","id":9}""");
        Assert.Equal(9, (await ReceiveAsync(socket)).GetProperty("id").GetInt64());
        await _gateway.DidNotReceiveWithAnyArgs().ConnectAsync(default!, default!, default);
    }

    [Fact]
    public async Task Get_PlainHttpOnWebSocketPath_Returns426()
    {
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(_server!.Address, "/ws"));
        Assert.Equal(HttpStatusCode.UpgradeRequired, response.StatusCode);
    }

    [Fact]
    public async Task Get_Root_ServesViewerWithSignalingPathAndScripts()
    {
        using var http = new HttpClient();
        var page = await http.GetAsync(_server!.Address);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("data-signaling=\"/ws\"", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", page.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"viewer.js\">", html, StringComparison.Ordinal);
        var script = await http.GetAsync(new Uri(_server.Address, "/latency-probe.js"));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        Assert.Contains("requestVideoFrameCallback", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.Address, "/viewer.css"));
        var css = await http.SendAsync(request);
        var again = new HttpRequestMessage(HttpMethod.Get, new Uri(_server.Address, "/viewer.css"));
        again.Headers.TryAddWithoutValidation("If-None-Match", css.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NotModified, (await http.SendAsync(again)).StatusCode);
    }
}
