using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Threading.Channels;

namespace WlWebRtc.Ice.Turn;

/// <summary>The path to the TURN server: whole messages out, whole messages in.</summary>
internal abstract class TurnServerConnection : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _receiveLoop = Task.CompletedTask;

    protected TurnServerConnection(IPEndPoint server, IPEndPoint local)
    {
        ServerEndPoint = server;
        LocalEndPoint = local;
    }

    public IPEndPoint ServerEndPoint { get; }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>TCP and TLS: no retransmissions, ChannelData padded.</summary>
    public abstract bool IsReliable { get; }

    protected CancellationToken Stopping => _stop.Token;

    public static async Task<TurnServerConnection> ConnectAsync(TurnServerOptions options, CancellationToken cancellationToken)
    {
        var address = await ResolveAsync(options.Host, cancellationToken);
        var server = new IPEndPoint(address, options.Port);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        if (options.Transport == TurnTransport.Udp)
        {
            var udp = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            try
            {
                await udp.ConnectAsync(server, timeout.Token);
                return new Udp(udp, server);
            }
            catch
            {
                udp.Dispose();
                throw;
            }
        }

        var tcp = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            try
            {
                await tcp.ConnectAsync(server, timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                throw new IOException($"TURN server {server} ({options.Transport}) did not accept a connection within {options.ConnectTimeout.TotalSeconds:0.#} s.");
            }
            catch (SocketException e)
            {
                throw new IOException($"TURN server {server} ({options.Transport}) refused the connection: {e.Message}", e);
            }

            Stream stream = new NetworkStream(tcp, ownsSocket: true);
            if (options.Transport == TurnTransport.Tls)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false);
                try
                {
                    await tls.AuthenticateAsClientAsync(
                        new SslClientAuthenticationOptions
                        {
                            TargetHost = options.TlsTargetHost ?? options.Host,
                            RemoteCertificateValidationCallback = options.CertificateValidation,
                        },
                        timeout.Token);
                }
                catch (Exception e) when (e is System.Security.Authentication.AuthenticationException or IOException)
                {
                    await tls.DisposeAsync();
                    throw new IOException($"TLS with TURN server {server} failed: {e.Message}", e);
                }

                stream = tls;
            }

            return new Streamed(stream, (IPEndPoint)tcp.LocalEndPoint!, server);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
    }

    /// <summary>Queues one message for the server; never blocks.</summary>
    public abstract void Send(byte[] message);

    /// <summary>Starts delivering messages; <paramref name="closed"/> is called once when the path ends (null: disposed).</summary>
    public void Start(Action<byte[]> received, Action<Exception?> closed)
    {
        _receiveLoop = RunReceiveAsync(received, closed);
    }

    public virtual async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiveLoop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    protected abstract ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken);

    private async Task RunReceiveAsync(Action<byte[]> received, Action<Exception?> closed)
    {
        await Task.Yield();
        Exception? failure = null;
        try
        {
            while (!Stopping.IsCancellationRequested)
            {
                var message = await ReceiveAsync(Stopping);
                if (message is null)
                {
                    failure = new IOException($"TURN server {ServerEndPoint} closed the connection.");
                    break;
                }

                received(message);
            }
        }
        catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or Stun.StunParseException)
        {
            failure = Stopping.IsCancellationRequested ? null : e;
        }

        closed(failure);
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        IPAddress[] addresses;
        try
        {
            addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        }
        catch (SocketException e)
        {
            throw new IOException($"Cannot resolve TURN server host '{host}': {e.Message}", e);
        }

        return addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ??
            addresses.FirstOrDefault() ??
            throw new IOException($"TURN server host '{host}' has no address.");
    }

    private sealed class Udp(Socket socket, IPEndPoint server) : TurnServerConnection(server, (IPEndPoint)socket.LocalEndPoint!)
    {
        private readonly byte[] _buffer = new byte[65536];

        public override bool IsReliable => false;

        public override void Send(byte[] message)
        {
            try
            {
                socket.Send(message);
            }
            catch (SocketException)
            {
                // A datagram that cannot leave (ICMP unreachable reported on a connected socket) counts as lost:
                // the transaction's retransmissions and timeout report the failure.
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public override async ValueTask DisposeAsync()
        {
            socket.Dispose();
            await base.DisposeAsync();
        }

        protected override async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                try
                {
                    var n = await socket.ReceiveAsync(_buffer, SocketFlags.None, cancellationToken);
                    return _buffer.AsSpan(0, n).ToArray();
                }
                catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
                {
                    // ICMP port unreachable from an earlier send: keep listening, the transaction times out.
                }
            }
        }
    }

    private sealed class Streamed : TurnServerConnection
    {
        private readonly Stream _stream;
        private readonly TurnStreamFramer _framer;
        private readonly Channel<byte[]> _outgoing = Channel.CreateUnbounded<byte[]>(new UnboundedChannelOptions { SingleReader = true });
        private readonly Task _writeLoop;

        public Streamed(Stream stream, IPEndPoint local, IPEndPoint server)
            : base(server, local)
        {
            _stream = stream;
            _framer = new TurnStreamFramer(stream);
            _writeLoop = WriteLoopAsync();
        }

        public override bool IsReliable => true;

        public override void Send(byte[] message) => _outgoing.Writer.TryWrite(message);

        public override async ValueTask DisposeAsync()
        {
            _outgoing.Writer.TryComplete();
            await _stream.DisposeAsync();
            await base.DisposeAsync();
            try
            {
                await _writeLoop;
            }
            catch (OperationCanceledException)
            {
            }
        }

        protected override ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken) => _framer.ReadAsync(cancellationToken);

        private async Task WriteLoopAsync()
        {
            await Task.Yield();
            try
            {
                await foreach (var message in _outgoing.Reader.ReadAllAsync(Stopping))
                {
                    await _stream.WriteAsync(message, Stopping);
                    await _stream.FlushAsync(Stopping);
                }
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
            {
                // The read side sees the same broken stream and reports it once.
            }
        }
    }
}
