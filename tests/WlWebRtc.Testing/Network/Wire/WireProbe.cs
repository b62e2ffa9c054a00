using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace WlWebRtc.Testing.Network.Wire;

/// <summary>
/// Measures a running wire with real UDP sockets in its two namespaces: the round trip of small probes (an echo on
/// the server side), the throughput of a paced flood from the server side, and the share of datagrams lost. The
/// wire's self-test (tests/WlWebRtc.Testing.Tests) and <c>wlwebrtc-bench wanlink</c> use it.
/// </summary>
public static class WireProbe
{
    private const int Port = 7914;
    private static readonly TimeSpan ReceiveTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Sends <paramref name="count"/> probes, one every <paramref name="interval"/>, from the viewer side to an
    /// echo on the server side and back: each probe's round trip in ms (lost probes left out).</summary>
    public static IReadOnlyList<double> RoundTrips(WanNetwork network, int count, TimeSpan interval)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var echo = Bind(network.ServerNamespace, WanNetwork.ServerAddress, Port);
        using var client = Bind(network.ViewerNamespace, WanNetwork.ViewerAddress, 0);
        using var stop = new CancellationTokenSource();
        var echoThread = new Thread(() =>
        {
            var buffer = new byte[2048];
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    var length = echo.ReceiveFrom(buffer, ref from);
                    echo.SendTo(buffer.AsSpan(0, length), SocketFlags.None, from);
                }
                catch (SocketException)
                {
                    // The receive timeout: look at the stop flag again.
                }
            }
        })
        { IsBackground = true };
        echoThread.Start();
        var sent = new long[count];
        var rtts = new List<double>();
        var receiver = new Thread(() =>
        {
            var buffer = new byte[2048];
            while (rtts.Count < count && !stop.IsCancellationRequested)
            {
                try
                {
                    var length = client.Receive(buffer);
                    var now = Stopwatch.GetTimestamp();
                    var index = BitConverter.ToInt32(buffer, 0);
                    if (length >= 4 && index >= 0 && index < count)
                    {
                        lock (rtts)
                        {
                            rtts.Add(Stopwatch.GetElapsedTime(sent[index], now).TotalMilliseconds);
                        }
                    }
                }
                catch (SocketException)
                {
                }
            }
        })
        { IsBackground = true };
        receiver.Start();
        var target = new IPEndPoint(IPAddress.Parse(WanNetwork.ServerAddress), Port);
        var payload = new byte[100];
        for (var i = 0; i < count; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            sent[i] = Stopwatch.GetTimestamp();
            client.SendTo(payload, target);
            Thread.Sleep(interval);
        }

        receiver.Join(ReceiveTimeout + TimeSpan.FromSeconds(1));
        stop.Cancel();
        echoThread.Join();
        receiver.Join();
        lock (rtts)
        {
            return [.. rtts];
        }
    }

    /// <summary>Floods <paramref name="offeredBitsPerSecond"/> of 1200-byte datagrams from the server side to the viewer
    /// side for <paramref name="duration"/>: what arrived, and over how long (first to last arrival).</summary>
    public static FloodResult Flood(WanNetwork network, long offeredBitsPerSecond, TimeSpan duration, int datagramBytes = 1200)
    {
        ArgumentNullException.ThrowIfNull(network);
        using var sender = Bind(network.ServerNamespace, WanNetwork.ServerAddress, 0);
        using var receiverSocket = Bind(network.ViewerNamespace, WanNetwork.ViewerAddress, Port + 1);
        long received = 0, bytes = 0, first = 0, last = 0;
        var done = false;
        var receiver = new Thread(() =>
        {
            var buffer = new byte[2048];
            while (!Volatile.Read(ref done))
            {
                try
                {
                    var length = receiverSocket.Receive(buffer);
                    last = Stopwatch.GetTimestamp();
                    if (received++ == 0)
                    {
                        first = last;
                    }

                    bytes += length;
                }
                catch (SocketException)
                {
                    return; // nothing for the receive timeout: the flood is over
                }
            }
        })
        { IsBackground = true };
        receiver.Start();
        var target = new IPEndPoint(IPAddress.Parse(WanNetwork.ViewerAddress), Port + 1);
        var payload = new byte[datagramBytes];
        var start = Stopwatch.GetTimestamp();
        var sent = 0;
        while (Stopwatch.GetElapsedTime(start) < duration)
        {
            // Paced by due time: as many datagrams as the offered rate allows by now, then a short sleep.
            while ((sent + 1) * datagramBytes * 8.0 <= offeredBitsPerSecond * Stopwatch.GetElapsedTime(start).TotalSeconds)
            {
                BitConverter.TryWriteBytes(payload, sent);
                sender.SendTo(payload, target);
                sent++;
            }

            Thread.Sleep(1);
        }

        receiver.Join(ReceiveTimeout + TimeSpan.FromSeconds(2));
        Volatile.Write(ref done, true);
        receiver.Join();
        // IP (20) and UDP (8) headers cross the bottleneck too.
        return new FloodResult(sent, received, bytes + (received * 28), received > 1 ? Stopwatch.GetElapsedTime(first, last) : TimeSpan.Zero);
    }

    private static Socket Bind(string networkNamespace, string address, int port) => NetworkNamespace.Enter(networkNamespace, () =>
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
        {
            ReceiveBufferSize = 4 * 1024 * 1024,
            ReceiveTimeout = (int)ReceiveTimeout.TotalMilliseconds,
        };
        socket.Bind(new IPEndPoint(IPAddress.Parse(address), port));
        return socket;
    });
}

/// <summary>A flood through the wire: datagrams sent and received, IP bytes received, and the time from the first to the last arrival.</summary>
public sealed record FloodResult(int Sent, long Received, long IpBytes, TimeSpan Span)
{
    /// <summary>The received IP bit rate between the first and the last arrival.</summary>
    public double BitsPerSecond => Span > TimeSpan.Zero ? (IpBytes - (IpBytes / Math.Max(1, Received))) * 8 / Span.TotalSeconds : 0;

    public double LossRatio => Sent == 0 ? 0 : 1 - ((double)Received / Sent);
}
