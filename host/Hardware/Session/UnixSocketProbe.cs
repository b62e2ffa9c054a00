using System.Net.Sockets;
using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Session;

/// <summary>Whether a Unix stream socket exists and a server accepts on it (connect, then close at once).</summary>
internal static class UnixSocketProbe
{
    public static async Task<Detection> ProbeAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            return Detection.Absent($"{path} is a directory, not a socket");
        }

        if (!File.Exists(path))
        {
            return Detection.Absent($"no socket at {path}");
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken);
        }
        catch (SocketException ex)
        {
            return Detection.Absent($"{path} does not accept connections ({ex.SocketErrorCode}: {ex.Message})");
        }
        catch (ArgumentException ex)
        {
            // e.g. a path longer than sun_path (108 bytes)
            return Detection.Absent($"{path} cannot be connected to: {ex.Message}");
        }

        return Detection.Present($"{path} accepts connections");
    }
}
