using System.Net.Http.Json;
using System.Net.Sockets;

namespace WlWebRtc.Host.Control;

/// <summary>Talks HTTP to a running instance over its control socket.</summary>
internal sealed class ControlClient : IDisposable
{
    private readonly HttpClient _http;

    public ControlClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        _http = new HttpClient(handler) { BaseAddress = new Uri("http://wlwebrtc.control/"), Timeout = TimeSpan.FromSeconds(5) };
    }

    public async Task<bool> IsAliveAsync(CancellationToken cancellationToken) => await GetStatusAsync(cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>The instance's status, or null when nothing answers on the socket.</summary>
    public async Task<StatusSnapshot?> GetStatusAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _http.GetFromJsonAsync(ControlEndpoints.StatusPath, StatusJsonContext.Default.StatusSnapshot, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException or IOException)
        {
            return null;
        }
    }

    /// <summary>Asks the instance to stop; false when nothing answers.</summary>
    public async Task<bool> StopAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var response = await _http.PostAsync(ControlEndpoints.StopPath, null, cancellationToken).ConfigureAwait(false);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException or IOException)
        {
            return false;
        }
    }

    public void Dispose() => _http.Dispose();
}
