using System.Net;
using System.Net.Sockets;
using System.Text;

namespace WlWebRtc.Testing.Network.Wire;

/// <summary>
/// Serves one HTML page over HTTP on 127.0.0.1 inside a network namespace (the socket is created there), for a
/// browser that runs in that namespace: the page is then a local origin, which Chromium's Local Network Access lets
/// reach private addresses (the sender's across the wire). Any GET gets the page; the connection then closes.
/// </summary>
public sealed class NamespacePageServer : IDisposable
{
    private const int MaxRequestBytes = 16 * 1024;
    private readonly Socket _listener;
    private readonly byte[] _response;
    private readonly CancellationTokenSource _stop = new();

    private NamespacePageServer(Socket listener, string html)
    {
        _listener = listener;
        var body = Encoding.UTF8.GetBytes(html);
        _response = [.. Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n"), .. body];
        Address = new Uri($"http://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}/");
    }

    public Uri Address { get; }

    public static NamespacePageServer Start(string networkNamespace, string html)
    {
        var listener = NetworkNamespace.Enter(networkNamespace, () =>
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            socket.Listen(16);
            return socket;
        });
        var server = new NamespacePageServer(listener, html);
        _ = server.AcceptAsync();
        return server;
    }

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Dispose();
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ServeAsync(client);
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using (client)
        {
            try
            {
                // Read up to the end of the request's headers (a GET has no body), then answer.
                var buffer = new byte[MaxRequestBytes];
                var length = 0;
                while (length < buffer.Length)
                {
                    var read = await client.ReceiveAsync(buffer.AsMemory(length), _stop.Token).ConfigureAwait(false);
                    if (read == 0)
                    {
                        return;
                    }

                    length += read;
                    if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
                    {
                        break;
                    }
                }

                await client.SendAsync(_response, _stop.Token).ConfigureAwait(false);
                client.Shutdown(SocketShutdown.Both);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                // The browser went away, or the server stops.
            }
        }
    }
}
