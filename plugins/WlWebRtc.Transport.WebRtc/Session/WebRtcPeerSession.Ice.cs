using System.Net;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Stun;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>Packets from the demultiplexer (socket threads). None of these block or throw on bad input.</summary>
internal sealed partial class WebRtcPeerSession
{
    /// <summary>Set once the peer sent something authenticated with the negotiated keys (SRTCP or DTLS data).</summary>
    private bool _peerConfirmed;

    bool IIcePacketSink.OnBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request)
    {
        try
        {
            if (_ice.HandleBindingRequest(local, remote, request))
            {
                return true;
            }
        }
#pragma warning disable CA1031 // containment: the socket thread serves every session
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FailOnException("handling a STUN check", ex);
            return false;
        }

        CountMalformed();
        return false;
    }

    void IIcePacketSink.OnDtls(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram)
    {
        try
        {
            var dtls = _dtls;
            if (dtls is null || !DtlsRecordFilter.Accept(datagram, dtls.IsConnected, Volatile.Read(ref _peerConfirmed)))
            {
                CountMalformed();
                return;
            }

            dtls.Enqueue(datagram);
        }
#pragma warning disable CA1031 // containment: the socket thread serves every session
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FailOnException("handling a DTLS record", ex);
        }
    }

    void IIcePacketSink.OnRtp(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram)
    {
        try
        {
            HandleRtcp(datagram);
        }
#pragma warning disable CA1031 // containment: the socket thread serves every session
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FailOnException("handling RTCP", ex);
        }
    }

    void IIcePacketSink.OnDropped() => CountMalformed();
}
