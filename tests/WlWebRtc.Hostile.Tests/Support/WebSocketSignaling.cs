using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>
/// The WebSocket signaling a viewer uses (plugins/WlWebRtc.Signaling.WebSocket/PROTOCOL.md): connect, authenticate
/// with the first message, offer, take the answer; then keep reading so that the socket stays healthy.
/// </summary>
internal sealed class WebSocketSignaling : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly List<string> _received = [];
    private Task? _pump;

    private WebSocketSignaling(ClientWebSocket socket) => _socket = socket;

    public WebSocketState State => _socket.State;

    /// <summary>
    /// Connects to <c>/ws</c> from <paramref name="from"/> (a loopback address: 127.0.0.0/8 all reach the server), with
    /// <paramref name="bearerToken"/> on the upgrade request or, without one, left to authenticate in the first message.
    /// </summary>
    public static async Task<WebSocketSignaling> ConnectAsync(Uri baseUrl, IPAddress? from = null, string? bearerToken = null, CancellationToken cancellationToken = default)
    {
        var socket = new ClientWebSocket();
        if (bearerToken is not null)
        {
            socket.Options.SetRequestHeader("Authorization", "Bearer " + bearerToken);
        }

        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancel) =>
            {
                var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    tcp.Bind(new IPEndPoint(from ?? IPAddress.Loopback, 0));
                    await tcp.ConnectAsync(context.DnsEndPoint, cancel);
                    return new NetworkStream(tcp, ownsSocket: true);
                }
                catch
                {
                    tcp.Dispose();
                    throw;
                }
            },
        };
        using var invoker = new HttpMessageInvoker(handler, disposeHandler: false);
        try
        {
            await socket.ConnectAsync(new Uri($"ws://{baseUrl.Authority}/ws"), invoker, cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new WebSocketSignaling(socket);
    }

    /// <summary>Authenticates with <paramref name="token"/> in the first message; fails unless the server says ready.</summary>
    public async Task AuthenticateAsync(string token, CancellationToken cancellationToken = default)
    {
        var hello = await ExpectAsync("hello", cancellationToken);
        if (hello["authenticated"]?.GetValue<bool>() == true)
        {
            return; // the token came with the upgrade request
        }

        await SendAsync(new JsonObject { ["type"] = "auth", ["token"] = token }, cancellationToken);
        await ExpectAsync("ready", cancellationToken);
    }

    /// <summary>Authenticates with <paramref name="token"/>, offers, and returns the server's answer SDP.</summary>
    public async Task<string> NegotiateAsync(string token, string offer, CancellationToken cancellationToken = default)
    {
        await AuthenticateAsync(token, cancellationToken);
        await SendAsync(new JsonObject { ["type"] = "offer", ["sdp"] = offer }, cancellationToken);
        var answer = await ExpectAsync("answer", cancellationToken);
        _pump = PumpAsync();
        return answer["sdp"]!.GetValue<string>();
    }

    /// <summary>Authenticates and offers, but leaves before the answer arrives.</summary>
    public async Task OfferAndLeaveAsync(string token, string offer, CancellationToken cancellationToken = default)
    {
        await AuthenticateAsync(token, cancellationToken);
        await SendAsync(new JsonObject { ["type"] = "offer", ["sdp"] = offer }, cancellationToken);
        _socket.Abort();
    }

    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        if (_pump is not null)
        {
            try
            {
                await _pump.WaitAsync(TimeSpan.FromSeconds(5));
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
            {
            }
        }

        _socket.Dispose();
    }

    private async Task SendAsync(JsonObject message, CancellationToken cancellationToken) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);

    private async Task<JsonNode> ExpectAsync(string type, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var text = await ReceiveAsync(timeout.Token)
                ?? throw new InvalidOperationException($"the server closed the socket ({_socket.CloseStatus} {_socket.CloseStatusDescription}) while we waited for '{type}'; got: {string.Join(" | ", _received)}");
            var message = JsonNode.Parse(text)!;
            var got = message["type"]?.GetValue<string>();
            if (got == type)
            {
                return message;
            }

            if (got == "error")
            {
                throw new InvalidOperationException($"the server answered an error while we waited for '{type}': {text}");
            }
        }
    }

    private async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        using var text = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                var message = Encoding.UTF8.GetString(text.ToArray());
                _received.Add(message.Length > 200 ? message[..200] : message);
                return message;
            }
        }
    }

    private async Task PumpAsync()
    {
        try
        {
            while (await ReceiveAsync(CancellationToken.None) is not null)
            {
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }
}
