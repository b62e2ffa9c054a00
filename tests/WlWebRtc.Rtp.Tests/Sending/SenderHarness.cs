using WlWebRtc.Rtp.Packets;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;
using WlWebRtc.Testing;

namespace WlWebRtc.Rtp.Tests.Sending;

/// <summary>Collects what the sender sends.</summary>
internal sealed class CapturingSink : IRtpPacketSink
{
    public List<byte[]> Datagrams { get; } = [];

    public void SendDatagram(ReadOnlySpan<byte> datagram) => Datagrams.Add(datagram.ToArray());
}

/// <summary>
/// A sender on a hand-moved clock plus the viewer's view: its SRTP sessions for our media and for its own RTCP.
/// </summary>
internal sealed class SenderHarness : IDisposable
{
    public const uint Ssrc = 0x1234;
    public const uint RtxSsrc = 0x5678;

    public SenderHarness(SrtpProfile profile, bool rtx, Func<RtpVideoSenderOptions, RtpVideoSenderOptions>? configure = null)
    {
        var material = Enumerable.Range(0, DtlsSrtpKeying.GetKeyingMaterialLength(profile)).Select(i => (byte)(i * 3)).ToArray();
        var (serverLocal, serverRemote) = DtlsSrtpKeying.Split(profile, material, isDtlsClient: false);
        var (clientLocal, clientRemote) = DtlsSrtpKeying.Split(profile, material, isDtlsClient: true);
        var options = new RtpVideoSenderOptions
        {
            Ssrc = Ssrc,
            PayloadType = 108,
            RtxSsrc = rtx ? RtxSsrc : null,
            RtxPayloadType = rtx ? (byte)109 : null,
            AbsSendTimeExtensionId = 2,
            TransportWideCcExtensionId = 3,
            PlayoutDelayExtensionId = 4,
        };
        Sender = new RtpVideoSender(
            configure is null ? options : configure(options),
            new SrtpSession(serverLocal),
            new SrtpSession(serverRemote),
            Sink,
            Time);
        ViewerReceive = new SrtpSession(clientRemote);
        ViewerSend = new SrtpSession(clientLocal);
    }

    public ManualTimeProvider Time { get; } = new();

    public CapturingSink Sink { get; } = new();

    public RtpVideoSender Sender { get; }

    public SrtpSession ViewerReceive { get; }

    public SrtpSession ViewerSend { get; }

    public List<byte[]> UnprotectedRtp()
    {
        var result = new List<byte[]>();
        foreach (var datagram in Sink.Datagrams)
        {
            if (RtpPacketClassifier.IsRtcp(datagram))
            {
                var copy = datagram.ToArray();
                Assert.Equal(SrtpStatus.Ok, ViewerReceive.UnprotectRtcp(copy, out _));
                continue;
            }

            var packet = datagram.ToArray();
            Assert.Equal(SrtpStatus.Ok, ViewerReceive.UnprotectRtp(packet, out var length));
            result.Add(packet[..length]);
        }

        Sink.Datagrams.Clear();
        return result;
    }

    public RtcpEvents SendRtcp(string hex) => SendRtcp(Hex.Bytes(hex));

    public RtcpEvents SendRtcp(byte[] plain)
    {
        var wire = new byte[plain.Length + ViewerSend.RtcpOverhead];
        Assert.Equal(SrtpStatus.Ok, ViewerSend.ProtectRtcp(plain, wire, out var written));
        return Sender.ReceiveRtcp(wire.AsSpan(0, written));
    }

    public void Dispose()
    {
        Sender.Dispose();
        ViewerReceive.Dispose();
        ViewerSend.Dispose();
    }
}
