using System.Globalization;
using WlWebRtc.Rtp.Packets;

namespace WlWebRtc.Transport.WebRtc.Sdp;

/// <summary>
/// Offer/answer for a send-only video server with an optional data channel (RFC 8829 subset): answers a
/// browser's offer as an ICE-lite (or full ICE) DTLS-passive endpoint, or makes an actpass offer and applies the answer.
/// </summary>
internal static class SdpNegotiator
{
    private const string VideoProtocol = "UDP/TLS/RTP/SAVPF";
    private const string DataProtocol = "UDP/DTLS/SCTP";

    public static (SdpSession Answer, NegotiatedSession Negotiated) CreateAnswer(SdpSession offer, LocalDescription local)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(local);
        var answer = NewSession(local);
        answer.MsidSemantic = offer.MsidSemantic is null ? null : "WMS " + local.StreamId;
        NegotiatedVideo? video = null;
        NegotiatedData? data = null;
        RemoteTransport? remote = null;
        var localIsClient = false;
        foreach (var m in offer.Media)
        {
            var mid = m.Mid ?? throw new SessionDescriptionException($"The offer's m={m.Kind} section has no a=mid.");
            var accepted = !m.IsRejected && m.Kind switch
            {
                "video" => video is null && IsRtpProtocol(m.Protocol),
                "application" => data is null && local.EnableDataChannel && IsSctpProtocol(m.Protocol) && RemoteSctpPort(m) is not null &&
                    (m.Formats.Contains("webrtc-datachannel") || m.SctpMap?.Contains("webrtc-datachannel", StringComparison.Ordinal) == true),
                _ => false,
            };
            SdpMedia? section = null;
            if (accepted)
            {
                remote ??= ReadRemote(offer, m, out localIsClient);
                if (m.Kind == "video")
                {
                    (section, video) = AnswerVideo(m, local);
                }
                else
                {
                    section = AnswerData(m, local);
                    data = new NegotiatedData(mid, RemoteSctpPort(m)!.Value, NegotiationRules.MaxMessageSize(m.MaxMessageSize), local.MaxMessageSize);
                }
            }

            if (section is null)
            {
                var rejected = Rejected(m);
                rejected.IceUfrag = local.Ufrag;
                rejected.IcePwd = local.Pwd;
                rejected.Fingerprint = local.Fingerprint;
                rejected.Setup = SdpSetup.Passive;
                answer.Media.Add(rejected);
                continue;
            }

            section.Mid = mid;
            section.IceUfrag = local.Ufrag;
            section.IcePwd = local.Pwd;
            section.Fingerprint = local.Fingerprint;
            section.Setup = localIsClient ? SdpSetup.Active : SdpSetup.Passive;
            section.Candidates.AddRange(local.Candidates);
            section.EndOfCandidates = !local.Trickle;
            if (local.Trickle)
            {
                section.IceOptions.Add("trickle");
            }

            section.Port = local.Candidates.Count > 0 ? local.Candidates[0].Port : 9;
            section.ConnectionAddress = local.Candidates.Count > 0 ? local.Candidates[0].Address : "0.0.0.0";
            answer.Media.Add(section);
            answer.BundleMids.Add(mid);
        }

        if (remote is null)
        {
            throw new SessionDescriptionException("The offer has no acceptable media section (expected video over UDP/TLS/RTP/SAVPF or a webrtc-datachannel).");
        }

        return (answer, new NegotiatedSession(video, data, remote, localIsClient));
    }

    public static SdpSession CreateOffer(LocalDescription local)
    {
        ArgumentNullException.ThrowIfNull(local);
        var offer = NewSession(local);
        offer.MsidSemantic = "WMS " + local.StreamId;
        var video = new SdpMedia { Kind = "video", Protocol = VideoProtocol, Mid = "0", Direction = SdpDirection.SendOnly, RtcpMux = true, RtcpReducedSize = true };
        var pt = 96;
        foreach (var profile in new[] { "42e01f", "42001f", "4d001f", "640c1f", "64001f" })
        {
            video.Formats.Add(pt.ToString(CultureInfo.InvariantCulture));
            video.RtpMaps.Add(new SdpRtpMap(pt, "H264", 90000, null));
            AddFeedback(video, pt);
            video.Fmtp[pt] = $"level-asymmetry-allowed=1;packetization-mode=1;profile-level-id={profile}";
            video.Formats.Add((pt + 1).ToString(CultureInfo.InvariantCulture));
            video.RtpMaps.Add(new SdpRtpMap(pt + 1, "rtx", 90000, null));
            video.Fmtp[pt + 1] = $"apt={pt}";
            pt += 2;
        }

        if (local.Fec)
        {
            foreach (var (fecPt, name) in new[] { (pt, "red"), (pt + 1, "ulpfec") })
            {
                video.Formats.Add(fecPt.ToString(CultureInfo.InvariantCulture));
                video.RtpMaps.Add(new SdpRtpMap(fecPt, name, 90000, null));
            }
        }

        video.ExtMaps.Add(new SdpExtMap(2, null, RtpExtensionUris.AbsSendTime));
        video.ExtMaps.Add(new SdpExtMap(3, null, RtpExtensionUris.TransportWideCc));
        video.ExtMaps.Add(new SdpExtMap(6, null, RtpExtensionUris.PlayoutDelay));
        AddSsrcs(video, local, withRtx: true);
        offer.Media.Add(video);
        if (local.EnableDataChannel)
        {
            var data = new SdpMedia { Kind = "application", Protocol = DataProtocol, Mid = "1", SctpPort = local.SctpPort, MaxMessageSize = local.MaxMessageSize };
            data.Formats.Add("webrtc-datachannel");
            offer.Media.Add(data);
        }

        foreach (var m in offer.Media)
        {
            m.IceUfrag = local.Ufrag;
            m.IcePwd = local.Pwd;
            m.IceOptions.Add("ice2");
            m.Fingerprint = local.Fingerprint;
            m.Setup = SdpSetup.ActPass;
            m.Candidates.AddRange(local.Candidates);
            m.EndOfCandidates = true;
            m.Port = local.Candidates.Count > 0 ? local.Candidates[0].Port : 9;
            m.ConnectionAddress = local.Candidates.Count > 0 ? local.Candidates[0].Address : "0.0.0.0";
            offer.BundleMids.Add(m.Mid!);
        }

        return offer;
    }

    /// <summary>Reads the viewer's answer to an offer from <see cref="CreateOffer"/>.</summary>
    public static NegotiatedSession ApplyAnswer(SdpSession offer, SdpSession answer)
    {
        ArgumentNullException.ThrowIfNull(offer);
        ArgumentNullException.ThrowIfNull(answer);
        NegotiatedVideo? video = null;
        NegotiatedData? data = null;
        RemoteTransport? remote = null;
        var localIsClient = false;
        foreach (var m in answer.Media)
        {
            var ours = offer.Media.FirstOrDefault(o => o.Mid == m.Mid);
            if (ours is null || m.IsRejected)
            {
                continue;
            }

            if (m.Kind == "video")
            {
                remote ??= ReadRemote(answer, m, out localIsClient);
                var map = m.RtpMaps.FirstOrDefault(r => r.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase) && NegotiationRules.HasSingleRtpMap(m, r.PayloadType) &&
                    ours.RtpMaps.Any(o => o.PayloadType == r.PayloadType && o.EncodingName == "H264"))
                    ?? throw new SessionDescriptionException("The answer accepts none of the offered H.264 payload types.");
                var fmtp = H264Fmtp.Parse(m.Fmtp.GetValueOrDefault(map.PayloadType) ?? ours.Fmtp.GetValueOrDefault(map.PayloadType));
                // RTX only on a payload type we offered as rtx; the answer's extension ids are checked like an offer's.
                var rtx = NegotiationRules.RtxFor(m, map.PayloadType) is { } r && ours.RtpMaps.Any(o => o.PayloadType == r.PayloadType && o.EncodingName == "rtx") ? r : null;
                var section = new SdpMedia { Kind = "video", Protocol = m.Protocol, RtcpReducedSize = m.RtcpReducedSize };
                section.ExtMaps.AddRange(NegotiationRules.UsableExtensions(m.ExtMaps, playoutDelay: true));
                video = MakeVideo(m.Mid!, map.PayloadType, rtx?.PayloadType, fmtp.GetValueOrDefault("profile-level-id") ?? "42e01f", section, m.RtcpFeedback);
                if (NegotiationRules.RedAndUlpfec(m, map.PayloadType, rtx?.PayloadType) is var (red, ulpfec) &&
                    ours.RtpMaps.Any(o => o.PayloadType == red.PayloadType && o.EncodingName == "red") && ours.RtpMaps.Any(o => o.PayloadType == ulpfec.PayloadType && o.EncodingName == "ulpfec"))
                {
                    video = video with { RedPayloadType = red.PayloadType, UlpfecPayloadType = ulpfec.PayloadType };
                }
            }
            else if (m.Kind == "application")
            {
                remote ??= ReadRemote(answer, m, out localIsClient);
                data = new NegotiatedData(m.Mid!, RemoteSctpPort(m) ?? throw new SessionDescriptionException("The answer's a=sctp-port is not 1 to 65535."),
                    NegotiationRules.MaxMessageSize(m.MaxMessageSize), NegotiationRules.MaxMessageSize(ours.MaxMessageSize));
            }
        }

        if (remote is null)
        {
            throw new SessionDescriptionException("The answer accepts no media section.");
        }

        if (remote.Setup == SdpSetup.ActPass)
        {
            throw new SessionDescriptionException("An answer must not use a=setup:actpass.");
        }

        return new NegotiatedSession(video, data, remote, localIsClient);
    }

    private static SdpSession NewSession(LocalDescription local) =>
        new()
        {
            Origin = new SdpOrigin("-", ((ulong)Random.Shared.NextInt64(1, long.MaxValue)).ToString(CultureInfo.InvariantCulture), 2, "127.0.0.1"),
            SessionName = "-",
            IceLite = local.IceLite,
        };

    private static bool IsRtpProtocol(string protocol) => protocol is VideoProtocol or "RTP/SAVPF" or "UDP/TLS/RTP/SAVP";

    private static bool IsSctpProtocol(string protocol) => protocol is DataProtocol or "DTLS/SCTP" or "TCP/DTLS/SCTP";

    private static RemoteTransport ReadRemote(SdpSession remote, SdpMedia m, out bool localIsClient)
    {
        var ufrag = remote.UfragOf(m) ?? throw new SessionDescriptionException($"The m={m.Kind} section (mid {m.Mid}) has no a=ice-ufrag.");
        var pwd = remote.PwdOf(m) ?? throw new SessionDescriptionException($"The m={m.Kind} section (mid {m.Mid}) has no a=ice-pwd.");
        var fingerprint = remote.FingerprintOf(m) ?? throw new SessionDescriptionException($"The m={m.Kind} section (mid {m.Mid}) has no a=fingerprint.");
        if (fingerprint.HashFunction is not ("sha-256" or "sha-384" or "sha-512"))
        {
            throw new SessionDescriptionException($"The fingerprint hash '{fingerprint.HashFunction}' is not supported (sha-256, sha-384, sha-512).");
        }

        var setup = remote.SetupOf(m) ?? SdpSetup.ActPass; // RFC 5763: an offer without a=setup means actpass
        if (setup == SdpSetup.HoldConn)
        {
            throw new SessionDescriptionException("a=setup:holdconn is not supported.");
        }

        // We are passive (DTLS server) unless the remote insists on being passive itself.
        localIsClient = setup == SdpSetup.Passive;
        return new RemoteTransport(ufrag, pwd, fingerprint, setup, m.Candidates.ToArray());
    }

    private static (SdpMedia Section, NegotiatedVideo Video) AnswerVideo(SdpMedia offered, LocalDescription local)
    {
        if (!offered.RtcpMux)
        {
            throw new SessionDescriptionException($"The video section (mid {offered.Mid}) does not offer a=rtcp-mux, which WebRTC requires.");
        }

        // A viewer that asks for video must get video or a clear refusal (WHEP answers 400 with it), never an answer
        // that rejects every section and leaves it with a black screen.
        var chosen = ChooseH264(offered, local) ?? throw new SessionDescriptionException(NegotiationRules.NoUsableVideo(offered));
        var (pt, profileLevelId, fmtp) = chosen;
        var rtx = NegotiationRules.RtxFor(offered, pt);
        var section = new SdpMedia { Kind = "video", Protocol = offered.Protocol, RtcpMux = true, RtcpReducedSize = offered.RtcpReducedSize };
        section.Direction = offered.Direction is SdpDirection.RecvOnly or SdpDirection.SendRecv or null ? SdpDirection.SendOnly : SdpDirection.Inactive;
        section.Formats.Add(pt.ToString(CultureInfo.InvariantCulture));
        section.RtpMaps.Add(new SdpRtpMap(pt, "H264", 90000, null));
        var feedback = offered.RtcpFeedback.Where(f => (f.PayloadType == pt || f.PayloadType is null) &&
            f.Value is "nack" or "nack pli" or "ccm fir" or "goog-remb" or "transport-cc").Select(f => new SdpRtcpFeedback(pt, f.Value)).Distinct().ToList();
        section.RtcpFeedback.AddRange(feedback);
        section.Fmtp[pt] = fmtp;
        if (rtx is not null)
        {
            section.Formats.Add(rtx.PayloadType.ToString(CultureInfo.InvariantCulture));
            section.RtpMaps.Add(rtx);
            section.Fmtp[rtx.PayloadType] = $"apt={pt}";
        }

        var fec = local.Fec ? NegotiationRules.RedAndUlpfec(offered, pt, rtx?.PayloadType) : null;
        if (fec is var (red, ulpfec))
        {
            foreach (var map in new[] { red, ulpfec })
            {
                section.Formats.Add(map.PayloadType.ToString(CultureInfo.InvariantCulture));
                section.RtpMaps.Add(new SdpRtpMap(map.PayloadType, map.EncodingName, 90000, null));
            }
        }

        section.ExtMaps.AddRange(NegotiationRules.UsableExtensions(offered.ExtMaps, local.PlayoutDelayZero));

        AddSsrcs(section, local, withRtx: rtx is not null);
        var video = MakeVideo(offered.Mid!, pt, rtx?.PayloadType, profileLevelId, section, feedback) with
        {
            RedPayloadType = fec?.Red.PayloadType,
            UlpfecPayloadType = fec?.Ulpfec.PayloadType,
        };
        return (section, video);
    }

    private static NegotiatedVideo MakeVideo(string mid, int pt, int? rtxPt, string profileLevelId, SdpMedia section, IReadOnlyList<SdpRtcpFeedback> feedback)
    {
        bool Has(string value) => feedback.Any(f => (f.PayloadType == pt || f.PayloadType is null) && f.Value == value);
        int? Ext(string uri) => section.ExtMaps.FirstOrDefault(e => e.Uri == uri)?.Id;
        return new NegotiatedVideo(mid, pt, rtxPt, profileLevelId, Ext(RtpExtensionUris.AbsSendTime), Ext(RtpExtensionUris.TransportWideCc),
            Ext(RtpExtensionUris.PlayoutDelay), Has("nack"), Has("nack pli"), Has("ccm fir"), Has("goog-remb"), Has("transport-cc"), section.RtcpReducedSize);
    }

    private static (int Pt, string ProfileLevelId, string Fmtp)? ChooseH264(SdpMedia offered, LocalDescription local)
    {
        var candidates = new List<(int Rank, int Order, int Pt, string Id, string Fmtp)>();
        var order = 0;
        foreach (var map in offered.RtpMaps)
        {
            order++;
            if (!map.EncodingName.Equals("H264", StringComparison.OrdinalIgnoreCase) || map.ClockRate != 90000 ||
                !NegotiationRules.IsSendablePayloadType(map.PayloadType) || !NegotiationRules.HasSingleRtpMap(offered, map.PayloadType))
            {
                continue;
            }

            var fmtp = H264Fmtp.Parse(offered.Fmtp.GetValueOrDefault(map.PayloadType));
            if (fmtp.GetValueOrDefault("packetization-mode") != "1")
            {
                continue; // we send FU-A and STAP-A: mode 1 only
            }

            if (!H264ProfileLevelId.TryParse(fmtp.GetValueOrDefault("profile-level-id") ?? "42000a", out var id))
            {
                continue;
            }

            var rank = IndexOf(local.ProfilePreference, id.Profile);
            if (rank < 0)
            {
                continue;
            }

            // Answer with the offered profile; the level is the offerer's when it allows asymmetry, which
            // lets a viewer that decodes level 3.1 receive whatever level the encoder produces.
            var asymmetry = fmtp.GetValueOrDefault("level-asymmetry-allowed") == "1";
            var answerFmtp = (asymmetry ? "level-asymmetry-allowed=1;" : string.Empty) + "packetization-mode=1;profile-level-id=" + id;
            candidates.Add((rank, order, map.PayloadType, id.ToString(), answerFmtp));
        }

        if (candidates.Count == 0)
        {
            return null;
        }

        var best = candidates.OrderBy(c => c.Rank).ThenBy(c => c.Order).First();
        return (best.Pt, best.Id, best.Fmtp);
    }

    private static int IndexOf(IReadOnlyList<H264Profile> list, H264Profile value)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == value)
            {
                return i;
            }
        }

        return -1;
    }

    private static void AddFeedback(SdpMedia media, int pt)
    {
        foreach (var fb in new[] { "goog-remb", "transport-cc", "ccm fir", "nack", "nack pli" })
        {
            media.RtcpFeedback.Add(new SdpRtcpFeedback(pt, fb));
        }
    }

    private static void AddSsrcs(SdpMedia media, LocalDescription local, bool withRtx)
    {
        media.Msid = $"{local.StreamId} {local.TrackId}";
        if (withRtx)
        {
            media.SsrcGroups.Add(new SdpSsrcGroup("FID", [local.VideoSsrc, local.RtxSsrc]));
        }

        media.Ssrcs.Add(new SdpSsrcAttribute(local.VideoSsrc, "cname", local.Cname));
        media.Ssrcs.Add(new SdpSsrcAttribute(local.VideoSsrc, "msid", $"{local.StreamId} {local.TrackId}"));
        if (withRtx)
        {
            media.Ssrcs.Add(new SdpSsrcAttribute(local.RtxSsrc, "cname", local.Cname));
            media.Ssrcs.Add(new SdpSsrcAttribute(local.RtxSsrc, "msid", $"{local.StreamId} {local.TrackId}"));
        }
    }

    private static SdpMedia AnswerData(SdpMedia offered, LocalDescription local)
    {
        var section = new SdpMedia { Kind = "application", Protocol = offered.Protocol, MaxMessageSize = local.MaxMessageSize };
        if (offered.Formats.Contains("webrtc-datachannel"))
        {
            section.SctpPort = local.SctpPort;
            section.Formats.Add("webrtc-datachannel");
        }
        else
        {
            // The legacy form (aiortc 1.4 and older browsers): m=application ... DTLS/SCTP 5000 + a=sctpmap.
            section.Formats.Add(local.SctpPort.ToString(CultureInfo.InvariantCulture));
            section.SctpMap = $"{local.SctpPort} webrtc-datachannel 65535";
        }

        return section;
    }

    /// <summary>a=sctp-port, else the port in a legacy a=sctpmap or m= format, else the default 5000; null when a=sctp-port is out of range.</summary>
    private static int? RemoteSctpPort(SdpMedia m)
    {
        if (m.SctpPort is { } port)
        {
            return NegotiationRules.ValidSctpPort(port);
        }

        var legacy = m.SctpMap?.Split(' ')[0] ?? m.Formats.FirstOrDefault();
        return int.TryParse(legacy, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 65535 ? p : 5000;
    }

    private static SdpMedia Rejected(SdpMedia offered)
    {
        var section = new SdpMedia { Kind = offered.Kind, Port = 0, Protocol = offered.Protocol, Mid = offered.Mid, Direction = SdpDirection.Inactive };
        section.Formats.AddRange(offered.Formats);
        return section;
    }
}
