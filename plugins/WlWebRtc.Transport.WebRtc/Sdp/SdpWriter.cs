using System.Net;
using System.Text;

namespace WlWebRtc.Transport.WebRtc.Sdp;

/// <summary>Writes an <see cref="SdpSession"/> as SDP text with CRLF line ends, in the order browsers expect.</summary>
internal static class SdpWriter
{
    public static string Write(SdpSession session)
    {
        var sb = new StringBuilder(2048);
        var origin = session.Origin;
        var family = IPAddress.TryParse(origin.Address, out var oa) && oa.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        Line(sb, "v=0");
        Line(sb, $"o={origin.UserName} {origin.SessionId} {origin.SessionVersion} IN {family} {origin.Address}");
        Line(sb, $"s={session.SessionName}");
        Line(sb, "t=0 0");
        if (session.BundleMids.Count > 0)
        {
            Line(sb, "a=group:BUNDLE " + string.Join(' ', session.BundleMids));
        }

        if (session.IceLite)
        {
            Line(sb, "a=ice-lite");
        }

        if (session.IceUfrag is not null)
        {
            Line(sb, "a=ice-ufrag:" + session.IceUfrag);
        }

        if (session.IcePwd is not null)
        {
            Line(sb, "a=ice-pwd:" + session.IcePwd);
        }

        if (session.IceOptions.Count > 0)
        {
            Line(sb, "a=ice-options:" + string.Join(' ', session.IceOptions));
        }

        if (session.Fingerprint is not null)
        {
            Line(sb, "a=fingerprint:" + session.Fingerprint.Format());
        }

        if (session.Setup is { } sessionSetup)
        {
            Line(sb, "a=setup:" + SetupText(sessionSetup));
        }

        if (session.MsidSemantic is not null)
        {
            Line(sb, "a=msid-semantic:" + session.MsidSemantic);
        }

        foreach (var media in session.Media)
        {
            WriteMedia(sb, media);
        }

        return sb.ToString();
    }

    public static string SetupText(SdpSetup setup) => setup switch
    {
        SdpSetup.ActPass => "actpass",
        SdpSetup.Active => "active",
        SdpSetup.Passive => "passive",
        _ => "holdconn",
    };

    private static void WriteMedia(StringBuilder sb, SdpMedia media)
    {
        Line(sb, $"m={media.Kind} {media.Port} {media.Protocol} {string.Join(' ', media.Formats)}");
        var address = media.ConnectionAddress ?? "0.0.0.0";
        var family = IPAddress.TryParse(address, out var ip) && ip.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "IP6" : "IP4";
        Line(sb, $"c=IN {family} {address}");
        if (media.IceUfrag is not null)
        {
            Line(sb, "a=ice-ufrag:" + media.IceUfrag);
        }

        if (media.IcePwd is not null)
        {
            Line(sb, "a=ice-pwd:" + media.IcePwd);
        }

        if (media.IceOptions.Count > 0)
        {
            Line(sb, "a=ice-options:" + string.Join(' ', media.IceOptions));
        }

        if (media.Fingerprint is not null)
        {
            Line(sb, "a=fingerprint:" + media.Fingerprint.Format());
        }

        if (media.Setup is { } setup)
        {
            Line(sb, "a=setup:" + SetupText(setup));
        }

        if (media.Mid is not null)
        {
            Line(sb, "a=mid:" + media.Mid);
        }

        foreach (var ext in media.ExtMaps)
        {
            Line(sb, ext.Direction is null ? $"a=extmap:{ext.Id} {ext.Uri}" : $"a=extmap:{ext.Id}/{ext.Direction} {ext.Uri}");
        }

        if (media.Direction is { } direction)
        {
            Line(sb, "a=" + direction switch
            {
                SdpDirection.SendOnly => "sendonly",
                SdpDirection.RecvOnly => "recvonly",
                SdpDirection.Inactive => "inactive",
                _ => "sendrecv",
            });
        }

        if (media.Msid is not null)
        {
            Line(sb, "a=msid:" + media.Msid);
        }

        if (media.RtcpMux)
        {
            Line(sb, "a=rtcp-mux");
        }

        if (media.RtcpReducedSize)
        {
            Line(sb, "a=rtcp-rsize");
        }

        foreach (var map in media.RtpMaps)
        {
            Line(sb, map.Channels is { } ch ? $"a=rtpmap:{map.PayloadType} {map.EncodingName}/{map.ClockRate}/{ch}" : $"a=rtpmap:{map.PayloadType} {map.EncodingName}/{map.ClockRate}");
            foreach (var fb in media.RtcpFeedback.Where(f => f.PayloadType == map.PayloadType))
            {
                Line(sb, $"a=rtcp-fb:{fb.PayloadType} {fb.Value}");
            }

            if (media.Fmtp.TryGetValue(map.PayloadType, out var fmtp))
            {
                Line(sb, $"a=fmtp:{map.PayloadType} {fmtp}");
            }
        }

        foreach (var fb in media.RtcpFeedback.Where(f => f.PayloadType is null))
        {
            Line(sb, $"a=rtcp-fb:* {fb.Value}");
        }

        foreach (var group in media.SsrcGroups)
        {
            Line(sb, $"a=ssrc-group:{group.Semantics} {string.Join(' ', group.Ssrcs)}");
        }

        foreach (var ssrc in media.Ssrcs)
        {
            Line(sb, ssrc.Value is null ? $"a=ssrc:{ssrc.Ssrc} {ssrc.Name}" : $"a=ssrc:{ssrc.Ssrc} {ssrc.Name}:{ssrc.Value}");
        }

        if (media.SctpPort is { } sctpPort)
        {
            Line(sb, $"a=sctp-port:{sctpPort}");
        }

        if (media.SctpMap is not null)
        {
            Line(sb, "a=sctpmap:" + media.SctpMap);
        }

        if (media.MaxMessageSize is { } mms)
        {
            Line(sb, $"a=max-message-size:{mms}");
        }

        foreach (var candidate in media.Candidates)
        {
            Line(sb, "a=" + candidate.Format());
        }

        if (media.EndOfCandidates)
        {
            Line(sb, "a=end-of-candidates");
        }
    }

    private static void Line(StringBuilder sb, string text) => sb.Append(text).Append("\r\n");
}
