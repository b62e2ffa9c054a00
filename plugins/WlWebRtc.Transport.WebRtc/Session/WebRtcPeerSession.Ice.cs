using System.Net;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Transport.WebRtc.Session;

/// <summary>Packets from the demultiplexer (socket threads). None of these block or throw on bad input.</summary>
internal sealed partial class WebRtcPeerSession
{
    /// <summary>Set once the peer sent something authenticated with the negotiated keys (SRTCP or DTLS data).</summary>
    private bool _peerConfirmed;

    /// <summary>DTLS, SRTP and SRTCP from an authenticated address that is not the selected pair: dropped.</summary>
    private long _offPairDropped;

    /// <summary>Packets dropped because they came from an address other than the selected pair's.</summary>
    internal long OffPairDropped => Interlocked.Read(ref _offPairDropped);

    /// <summary>
    /// Media, RTCP and DTLS are taken only from the selected pair: a NACK or PLI from another address (spoofed,
    /// or a candidate the peer checked but did not nominate) must not make us send anything.
    /// </summary>
    private bool FromSelectedPair(IDatagramSender local, SocketAddress remote)
    {
        if (_ice.IsSelected(local, remote))
        {
            return true;
        }

        Interlocked.Increment(ref _offPairDropped);
        return false;
    }

    bool IIcePacketSink.OnBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request)
    {
        try
        {
            if (_ice.HandleBindingRequest(local, remote, request))
            {
                return true;
            }
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): containment: the socket thread serves every session
        catch (Exception ex)
        {
            FailOnException("handling a STUN check", ex);
            return false;
        }

        CountMalformed();
        return false;
    }

    void IIcePacketSink.OnStunResponse(IDatagramSender local, SocketAddress remote, StunMessage response)
    {
        try
        {
            _ice.HandleResponse(local, remote, response);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): the socket thread serves every session
        catch (Exception ex)
        {
            FailOnException("handling a STUN response", ex);
        }
    }

    void IIcePacketSink.OnDtls(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram)
    {
        try
        {
            var dtls = _dtls;
            if (!FromSelectedPair(local, remote))
            {
                return;
            }

            if (dtls is null || !DtlsRecordFilter.Accept(datagram, dtls.IsConnected, Volatile.Read(ref _peerConfirmed)))
            {
                CountMalformed();
                return;
            }

            dtls.Enqueue(datagram);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): containment: the socket thread serves every session
        catch (Exception ex)
        {
            FailOnException("handling a DTLS record", ex);
        }
    }

    void IIcePacketSink.OnRtp(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram)
    {
        try
        {
            if (FromSelectedPair(local, remote))
            {
                HandleRtcp(datagram);
            }
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): containment: the socket thread serves every session
        catch (Exception ex)
        {
            FailOnException("handling RTCP", ex);
        }
    }

    void IIcePacketSink.OnDropped() => CountMalformed();
}
