using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.Ice.Stun;
using WlWebRtc.WebRtc.Tests.Sdp;

namespace WlWebRtc.WebRtc.Tests.Infrastructure;

/// <summary>
/// A minimal in-process viewer over real UDP: offers like Chromium (with its own certificate), sends ICE
/// checks as the controlling agent and runs our DTLS client against the session. Enough to drive a session
/// through ICE and DTLS to Connected without a browser.
/// </summary>
internal sealed class LoopbackPeer : IDisposable
{
    private const string RemoteUfrag = "4ZcD";
    private readonly DtlsCertificate _certificate = DtlsCertificate.Create(TimeProvider.System);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly Thread _receiver;
    private Timer? _consent;
    private DtlsEndpoint? _dtls;
    private IPEndPoint? _server;
    private string _sessionUfrag = string.Empty;
    private byte[] _sessionKey = [];
    private volatile bool _disposed;

    public LoopbackPeer()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _receiver = new Thread(Receive) { IsBackground = true, Name = "loopback-peer" };
    }

    public string Offer => SampleOffers.Chromium.Replace(
        "a=fingerprint:sha-256 75:74:5A:A6:A4:E5:52:F4:A7:67:4C:01:C7:EE:91:3F:21:3D:A2:E3:53:7B:6F:30:86:F2:30:AA:65:FB:04:24",
        "a=fingerprint:" + _certificate.Fingerprint.Format(), StringComparison.Ordinal);

    public TaskCompletionSource Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ChecksAnswered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Reads the answer, nominates the server's candidate with a check and starts the DTLS client.</summary>
    public void Start(string answerSdp, bool startDtls = true)
    {
        var answer = SdpParser.Parse(answerSdp);
        var video = answer.Media[0];
        _sessionUfrag = answer.UfragOf(video)!;
        _sessionKey = System.Text.Encoding.UTF8.GetBytes(answer.PwdOf(video)!);
        var candidate = video.Candidates[0];
        _server = new IPEndPoint(IPAddress.Parse(candidate.Address), candidate.Port);
        _receiver.Start();
        SendCheck(useCandidate: true);
        _consent = new Timer(_ => SendCheck(useCandidate: false), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        if (startDtls)
        {
            _dtls = new DtlsEndpoint(true, _certificate, answer.FingerprintOf(video)!, new DtlsTimers(100, 10_000), d => Send(d), NullLogger.Instance);
            _dtls.Start("peer", _ => Connected.TrySetResult(), r => Connected.TrySetException(new InvalidOperationException(r)), _ => { }, () => { });
        }
    }

    public void Dispose()
    {
        _disposed = true;
        _consent?.Dispose();
        _dtls?.Dispose();
        _socket.Dispose();
    }

    private void SendCheck(bool useCandidate)
    {
        var tid = new byte[12];
        Random.Shared.NextBytes(tid);
        var builder = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, tid)
            .AddUsername(_sessionUfrag + ":" + RemoteUfrag)
            .AddPriority(1845501695)
            .AddIceControlling(7);
        if (useCandidate)
        {
            builder.AddUseCandidate();
        }

        Send(builder.Build(_sessionKey));
    }

    private void Send(ReadOnlySpan<byte> datagram)
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            _socket.SendTo(datagram, SocketFlags.None, _server!);
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            // closing
        }
    }

    private void Receive()
    {
        var buffer = new byte[2048];
        EndPoint from = new IPEndPoint(IPAddress.Any, 0);
        while (!_disposed)
        {
            int n;
            try
            {
                n = _socket.ReceiveFrom(buffer, ref from);
            }
            catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
            {
                return;
            }

            if (n > 0 && buffer[0] < 4)
            {
                ChecksAnswered.TrySetResult();
            }
            else if (n > 0 && buffer[0] is >= 20 and <= 63)
            {
                _dtls?.Enqueue(buffer.AsSpan(0, n));
            }
        }
    }
}
