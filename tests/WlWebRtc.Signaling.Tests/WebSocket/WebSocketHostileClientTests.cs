using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling.Tests.Infrastructure;
using WlWebRtc.Signaling.WebSocket.Plugin;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Signaling.Tests.WebSocket;

/// <summary>Clients that hold sockets without a token, guess tokens, vanish, or stay while the server stops.</summary>
public sealed class WebSocketHostileClientTests : IAsyncLifetime
{
    private readonly IViewerGateway _gateway = Substitute.For<IViewerGateway>();
    private readonly List<ClientWebSocket> _sockets = [];
    private LoopbackKestrel? _server;

    public Task InitializeAsync()
    {
        _gateway.Authenticate("secret").Returns(new ViewerAccess(ViewerRole.View));
        _gateway.AuthenticationGuard.Returns(new SharedGuard(TimeProvider.System));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var socket in _sockets)
        {
            socket.Abort();
            socket.Dispose();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }

    private async Task StartAsync(params (string Key, string Value)[] settings)
    {
        var plugin = new WebSocketSignalingPlugin();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build();
        var context = new PluginContext(configuration, configuration, Hardware.HardwareInventory.Empty, NullLoggerFactory.Instance);
        _server = await LoopbackKestrel.StartAsync(endpoints => plugin.MapEndpoints(endpoints, _gateway, context));
    }

    private Uri Url(string query = "") => new($"ws://{_server!.Address.Authority}/ws{query}");

    /// <summary>Connects; the HTTP status when the upgrade was refused, else 101.</summary>
    private async Task<(ClientWebSocket Socket, HttpStatusCode Status)> ConnectAsync(string query = "")
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;

        // The test's client answers pings only while it reads, like a peer that is really there.
        socket.Options.KeepAliveInterval = TimeSpan.Zero;
        _sockets.Add(socket);
        try
        {
            await socket.ConnectAsync(Url(query), CancellationToken.None);
        }
        catch (WebSocketException)
        {
        }

        return (socket, socket.HttpStatusCode);
    }

    private static async Task<JsonElement> ReceiveJsonAsync(ClientWebSocket socket)
    {
        var buffer = new byte[16 * 1024];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(buffer, timeout.Token);
        Assert.Equal(WebSocketMessageType.Text, result.MessageType);
        using var document = JsonDocument.Parse(buffer.AsMemory(0, result.Count));
        return document.RootElement.Clone();
    }

    /// <summary>Reads until the server's close frame; its close code (throws on a reset).</summary>
    private static async Task<int?> ReceiveCloseAsync(ClientWebSocket socket, TimeSpan timeout)
    {
        var buffer = new byte[16 * 1024];
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancel.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return (int?)result.CloseStatus;
            }
        }
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);

    [Fact]
    public async Task Connect_ManySocketsWithoutToken_RealViewersStillGetSlots()
    {
        await StartAsync(("max_sessions", "4"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 32; i++)
        {
            statuses.Add((await ConnectAsync()).Status);
        }

        // Sockets without a token have a small cap of their own (per address here) ...
        Assert.Equal(WebSocketSignalingOptions.Default.MaxUnauthenticatedPerAddress, statuses.Count(s => s == HttpStatusCode.SwitchingProtocols));
        Assert.All(statuses.Skip(WebSocketSignalingOptions.Default.MaxUnauthenticatedPerAddress), s => Assert.Equal(HttpStatusCode.ServiceUnavailable, s));

        // ... and every viewer slot is still there for viewers with the token.
        for (var i = 0; i < 4; i++)
        {
            var (viewer, status) = await ConnectAsync("?token=secret");
            Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
            Assert.True((await ReceiveJsonAsync(viewer)).GetProperty("authenticated").GetBoolean());
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ConnectAsync("?token=secret")).Status);
    }

    [Fact]
    public async Task Connect_WaitingSocketAuthenticates_TakesViewerSlotAndFreesWaitingSlot()
    {
        await StartAsync(("max_sessions", "1"), ("max_unauthenticated", "1"), ("max_unauthenticated_per_address", "1"));
        var (first, _) = await ConnectAsync();
        await ReceiveJsonAsync(first);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await ConnectAsync()).Status);
        await SendAsync(first, """{"type":"auth","token":"secret"}""");
        Assert.Equal("ready", (await ReceiveJsonAsync(first)).GetProperty("type").GetString());

        // The waiting slot is free again; the viewer slot is taken, so a second token holder is told so and closed.
        var (second, status) = await ConnectAsync();
        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
        await ReceiveJsonAsync(second);
        await SendAsync(second, """{"type":"auth","token":"secret"}""");
        Assert.Equal("server-full", (await ReceiveJsonAsync(second)).GetProperty("code").GetString());
        Assert.Equal(1013, await ReceiveCloseAsync(second, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Connect_NoAuthWithinDeadline_ClosedWith4401NotReset()
    {
        await StartAsync(("auth_timeout_seconds", "0.5"));
        var (socket, _) = await ConnectAsync();
        Assert.False((await ReceiveJsonAsync(socket)).GetProperty("authenticated").GetBoolean());
        Assert.Equal("unauthorized", (await ReceiveJsonAsync(socket)).GetProperty("code").GetString());
        Assert.Equal(4401, await ReceiveCloseAsync(socket, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Connect_RepeatedWrongTokens_AddressLockedOutWith429EvenForTheRightToken()
    {
        await StartAsync();
        for (var i = 0; i < RateLimiting.AuthenticationLimits.Default.FailuresPerAddress; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await ConnectAsync("?token=guess" + i)).Status);
        }

        // Locked out: the token is not even checked, so a right guess is not told apart from a wrong one.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ConnectAsync("?token=secret")).Status);
        _gateway.Received(RateLimiting.AuthenticationLimits.Default.FailuresPerAddress).Authenticate(Arg.Is<string>(t => t.StartsWith("guess", StringComparison.Ordinal)));
        _gateway.DidNotReceive().Authenticate("secret");
    }

    [Fact]
    public async Task Auth_RepeatedWrongTokensInMessage_LockedOutAndClosedWith4429()
    {
        await StartAsync();
        for (var i = 0; i < RateLimiting.AuthenticationLimits.Default.FailuresPerAddress; i++)
        {
            var (guesser, _) = await ConnectAsync();
            await ReceiveJsonAsync(guesser);
            await SendAsync(guesser, $$"""{"type":"auth","token":"guess{{i}}"}""");
            Assert.Equal("unauthorized", (await ReceiveJsonAsync(guesser)).GetProperty("code").GetString());
            Assert.Equal(4401, await ReceiveCloseAsync(guesser, TimeSpan.FromSeconds(10)));
        }

        var (locked, _) = await ConnectAsync();
        await ReceiveJsonAsync(locked);
        await SendAsync(locked, """{"type":"auth","token":"secret"}""");
        var error = await ReceiveJsonAsync(locked);
        Assert.Equal("rate-limited", error.GetProperty("code").GetString());
        Assert.Equal(4429, await ReceiveCloseAsync(locked, TimeSpan.FromSeconds(10)));
        _gateway.DidNotReceive().Authenticate("secret");
    }

    [Fact]
    public async Task KeepAlive_PeerStopsAnswering_SlotFreed()
    {
        await StartAsync(("max_sessions", "1"), ("keep_alive_seconds", "0.5"), ("keep_alive_timeout_seconds", "1.5"));
        var (vanished, _) = await ConnectAsync("?token=secret");
        Assert.Equal(HttpStatusCode.SwitchingProtocols, vanished.HttpStatusCode);

        // The vanished peer never reads again, so it never answers a ping. Its slot must come free.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        HttpStatusCode status;
        do
        {
            await Task.Delay(500);
            status = (await ConnectAsync("?token=secret")).Status;
        }
        while (status != HttpStatusCode.SwitchingProtocols && DateTime.UtcNow < deadline);

        Assert.Equal(HttpStatusCode.SwitchingProtocols, status);
    }

    [Fact]
    public async Task Stop_SocketsOpen_EachGetsGoingAwayAndStopDoesNotWait()
    {
        await StartAsync();
        var (viewer, _) = await ConnectAsync("?token=secret");
        await ReceiveJsonAsync(viewer);
        var (waiting, _) = await ConnectAsync();
        await ReceiveJsonAsync(waiting);

        // The clients read (and so answer the close frame) while the server stops.
        var viewerClose = ReceiveCloseAsync(viewer, TimeSpan.FromSeconds(20));
        var waitingClose = ReceiveCloseAsync(waiting, TimeSpan.FromSeconds(20));
        var stop = System.Diagnostics.Stopwatch.StartNew();
        await _server!.DisposeAsync();
        _server = null;
        stop.Stop();

        Assert.Equal(1001, await viewerClose);
        Assert.Equal(1001, await waitingClose);

        // The host's shutdown timeout (30 s here) is what a stop waited for before; anything near it is the bug.
        Assert.True(stop.Elapsed < TimeSpan.FromSeconds(10), $"stopping took {stop.Elapsed.TotalSeconds:0.0} s");
    }
}
