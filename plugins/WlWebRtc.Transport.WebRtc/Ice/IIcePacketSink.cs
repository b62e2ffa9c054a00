using System.Net;
using WlWebRtc.Ice.Stun;

namespace WlWebRtc.Transport.WebRtc.Ice;

/// <summary>What the demultiplexer hands packets to: one per peer session.</summary>
internal interface IIcePacketSink
{
    /// <summary>A binding request naming this sink's ufrag; returns true if it was authentic (the 5-tuple is then bound to this sink).</summary>
    bool OnBindingRequest(IDatagramSender local, SocketAddress remote, StunMessage request);

    /// <summary>A STUN response to a request this sink sent (full ICE), routed by its transaction id.</summary>
    void OnStunResponse(IDatagramSender local, SocketAddress remote, StunMessage response);

    /// <summary>A DTLS record from this sink's 5-tuple (RFC 7983: first byte 20..63).</summary>
    void OnDtls(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram);

    /// <summary>An SRTP or SRTCP packet from this sink's 5-tuple (first byte 128..191).</summary>
    void OnRtp(IDatagramSender local, SocketAddress remote, ReadOnlySpan<byte> datagram);

    /// <summary>A packet from this sink's 5-tuple that could not be used.</summary>
    void OnDropped();
}
