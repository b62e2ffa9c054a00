using System.Net;
using System.Net.Sockets;

namespace WlWebRtc.Testing;

/// <summary>
/// Loopback ports nobody listens on right now, for a server the test starts in another process. The port is free
/// when asked for, not reserved: a test that can bind the socket itself should bind port 0 instead.
/// </summary>
public static class FreePorts
{
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static int Udp()
    {
        using var socket = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.Client.LocalEndPoint!).Port;
    }
}
