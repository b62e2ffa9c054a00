using System.Net;
using System.Net.Sockets;

namespace WlWebRtc.Testing.Network;

/// <summary>
/// A lighter emulator than <see cref="Wire.WanNetwork"/> for tests that shape several viewers' links to one server on
/// loopback (the TUN network has one viewer side): a UDP relay that listens on <see cref="Listen"/>
/// (the address the sender announces as its candidate) and forwards to <see cref="Target"/> (the sender's real
/// socket), through one <see cref="EmulatedLink{T}"/> per direction. It maps each browser address to a socket of its
/// own towards the target, as a NAT does (endpoint-independent mapping, address-restricted filtering is not
/// emulated): the sender sees the mapping's address as the browser's (peer-reflexive), and whatever it sends to that
/// address (media, or its own ICE checks) goes back to that browser address through the down link.
/// Timing: one pump thread waits for the next due packet with the clock's waits (about 1 ms resolution); packets are
/// timestamped as they are read. Dispose to stop; the statistics stay readable.
/// </summary>
public sealed class WanRelay : IDisposable
{
    private const int MaxMappings = 16;
    private const int SocketBufferBytes = 4 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly Socket _listen;
    private readonly Dictionary<IPEndPoint, Mapping> _mappings = [];
    private readonly List<Datagram> _due = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _pump;
    private readonly AutoResetEvent _wake = new(false);
    private IPEndPoint? _target;

    private WanRelay(Socket listen, LinkShape down, LinkShape up, int seed)
    {
        _listen = listen;
        var random = new Random(seed);
        Down = new EmulatedLink<Datagram>(down, TimeProvider.System, random);
        Up = new EmulatedLink<Datagram>(up, TimeProvider.System, random);
        StartedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _pump = new Thread(Pump) { IsBackground = true, Name = "wan-relay", Priority = ThreadPriority.AboveNormal };
    }

    /// <summary>Where browsers send to (the candidate to announce).</summary>
    public IPEndPoint Listen => (IPEndPoint)_listen.LocalEndPoint!;

    /// <summary>The sender's socket; null drops what browsers send until it is set (a sender whose port is known late).</summary>
    public IPEndPoint? Target
    {
        get => Volatile.Read(ref _target);
        set => Volatile.Write(ref _target, value);
    }

    /// <summary>Sender → browser.</summary>
    public EmulatedLink<Datagram> Down { get; }

    /// <summary>Browser → sender.</summary>
    public EmulatedLink<Datagram> Up { get; }

    /// <summary>The wall-clock time (Unix ms) at which both links' schedules started.</summary>
    public long StartedUnixMs { get; }

    /// <summary>Datagrams the relay could not forward (socket errors, too many mappings, no target yet).</summary>
    public int Unforwarded => Volatile.Read(ref _unforwarded);

    private int _unforwarded;

    /// <summary>Binds <paramref name="listen"/> and starts relaying to <paramref name="target"/> (which may be set later).</summary>
    public static WanRelay Start(IPEndPoint listen, IPEndPoint? target, LinkShape down, LinkShape up, int seed = 14)
    {
        ArgumentNullException.ThrowIfNull(listen);
        var socket = new Socket(listen.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = SocketBufferBytes, SendBufferSize = SocketBufferBytes };
        try
        {
            socket.Bind(listen);
            var relay = new WanRelay(socket, down, up, seed) { Target = target };
            relay._pump.Start();
            _ = relay.ReceiveAsync(socket, null);
            return relay;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        _stop.Cancel();
        _wake.Set();
        _pump.Join();
        _listen.Dispose();
        lock (_lock)
        {
            foreach (var mapping in _mappings.Values)
            {
                mapping.Socket.Dispose();
            }
        }

        _wake.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveAsync(Socket socket, Mapping? mapping)
    {
        var buffer = new byte[65536];
        EndPoint any = new IPEndPoint(socket.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                // e.g. ICMP port unreachable reported on the next receive: the relay keeps going, as a router would.
                continue;
            }

            var payload = buffer.AsSpan(0, received.ReceivedBytes).ToArray();
            lock (_lock)
            {
                if (mapping is null)
                {
                    var from = (IPEndPoint)received.RemoteEndPoint;
                    var towards = MappingFor(from);
                    if (towards is null || Target is null)
                    {
                        Interlocked.Increment(ref _unforwarded);
                        continue;
                    }

                    Up.Offer(new Datagram(payload, towards, Upstream: true), payload.Length);
                }
                else
                {
                    Down.Offer(new Datagram(payload, mapping, Upstream: false), payload.Length);
                }
            }

            _wake.Set();
        }
    }

    private Mapping? MappingFor(IPEndPoint browser)
    {
        if (_mappings.TryGetValue(browser, out var mapping))
        {
            return mapping;
        }

        if (_mappings.Count >= MaxMappings)
        {
            return null;
        }

        var target = Target;
        if (target is null)
        {
            return null;
        }

        var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp) { ReceiveBufferSize = SocketBufferBytes, SendBufferSize = SocketBufferBytes };
        socket.Bind(new IPEndPoint(target.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0));
        mapping = new Mapping(new IPEndPoint(browser.Address, browser.Port), socket);
        _mappings.Add(mapping.Browser, mapping);
        _ = ReceiveAsync(socket, mapping);
        return mapping;
    }

    private void Pump()
    {
        var sending = new List<Datagram>();
        while (!_stop.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (_lock)
            {
                Down.TakeDue(_due);
                Up.TakeDue(_due);
                sending.AddRange(_due);
                _due.Clear();
                var next = Min(Down.NextEvent(), Up.NextEvent());
                wait = next is { } at ? at - Down.Elapsed : TimeSpan.FromMilliseconds(100);
            }

            foreach (var datagram in sending)
            {
                Send(datagram);
            }

            sending.Clear();
            if (wait > TimeSpan.Zero)
            {
                // Round up: waking early only costs another turn; the kernel's timer slack is about 50 µs.
                _wake.WaitOne(TimeSpan.FromMilliseconds(Math.Ceiling(wait.TotalMilliseconds)));
            }
        }
    }

    private void Send(Datagram datagram)
    {
        try
        {
            if (datagram.Upstream)
            {
                if (Target is { } target)
                {
                    datagram.Mapping.Socket.SendTo(datagram.Payload, target);
                }
            }
            else
            {
                _listen.SendTo(datagram.Payload, datagram.Mapping.Browser);
            }
        }
        catch (SocketException)
        {
            Interlocked.Increment(ref _unforwarded);
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static TimeSpan? Min(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    /// <summary>A browser address and the relay's socket that stands for it towards the sender.</summary>
    public sealed record Mapping(IPEndPoint Browser, Socket Socket);

    /// <summary>A datagram on its way, and through which mapping.</summary>
    public sealed record Datagram(byte[] Payload, Mapping Mapping, bool Upstream);
}
