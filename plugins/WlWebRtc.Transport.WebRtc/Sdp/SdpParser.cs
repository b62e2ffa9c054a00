using System.Globalization;

namespace WlWebRtc.Transport.WebRtc.Sdp;

/// <summary>
/// Parses SDP (RFC 8866) with the attributes WebRTC uses (RFC 8829). Unknown lines and attributes are
/// ignored; a line that is structurally broken or an attribute this stack relies on that cannot be read
/// raises <see cref="SessionDescriptionException"/> naming the line and the reason.
/// </summary>
internal static class SdpParser
{
    private const int MaxLength = 256 * 1024;
    private const int MaxMediaSections = 64;

    public static SdpSession Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.Length > MaxLength)
        {
            throw new SessionDescriptionException($"SDP is {text.Length} characters long; at most {MaxLength} are accepted.");
        }

        var lines = text.Split('\n');
        SdpSession? session = null;
        SdpMedia? media = null;
        var sawVersion = false;
        var lineNumber = 0;
        foreach (var rawLine in lines)
        {
            lineNumber++;
            var line = rawLine.EndsWith('\r') ? rawLine[..^1] : rawLine;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 2 || line[1] != '=' || line[0] is < 'a' or > 'z')
            {
                throw Error(lineNumber, line, "expected '<letter>=<value>'");
            }

            var value = line[2..];
            if (!sawVersion)
            {
                if (line[0] != 'v' || value != "0")
                {
                    throw Error(lineNumber, line, "an SDP must start with 'v=0'");
                }

                sawVersion = true;
                continue;
            }

            switch (line[0])
            {
                case 'o':
                    if (session is not null)
                    {
                        throw Error(lineNumber, line, "duplicate 'o=' line");
                    }

                    session = new SdpSession { Origin = ParseOrigin(value, lineNumber, line) };
                    break;
                case 's':
                    RequireSession(session, lineNumber, line).SessionName = value;
                    break;
                case 'm':
                    var owner = RequireSession(session, lineNumber, line);
                    if (owner.Media.Count >= MaxMediaSections)
                    {
                        throw Error(lineNumber, line, $"more than {MaxMediaSections} media sections");
                    }

                    media = ParseMediaLine(value, lineNumber, line);
                    owner.Media.Add(media);
                    break;
                case 'c':
                    RequireSession(session, lineNumber, line);
                    var c = value.Split(' ');
                    if (c.Length != 3 || c[0] != "IN")
                    {
                        throw Error(lineNumber, line, "expected 'c=IN <IP4|IP6> <address>'");
                    }

                    if (media is not null)
                    {
                        media.ConnectionAddress = c[2];
                    }

                    break;
                case 'a':
                    ParseAttribute(RequireSession(session, lineNumber, line), media, value, lineNumber, line);
                    break;
                default:
                    // t=, b=, i=, u=, e=, p=, r=, z=, k=: not needed for WebRTC.
                    RequireSession(session, lineNumber, line);
                    break;
            }
        }

        if (!sawVersion)
        {
            throw new SessionDescriptionException("SDP is empty (no 'v=0' line).");
        }

        if (session is null)
        {
            throw new SessionDescriptionException("SDP has no 'o=' line.");
        }

        return session;
    }

    private static SdpSession RequireSession(SdpSession? session, int lineNumber, string line) =>
        session ?? throw Error(lineNumber, line, "expected the 'o=' line before this one");

    private static SdpOrigin ParseOrigin(string value, int lineNumber, string line)
    {
        var parts = value.Split(' ');
        if (parts.Length != 6 || parts[3] != "IN")
        {
            throw Error(lineNumber, line, "expected 'o=<user> <session id> <version> IN <IP4|IP6> <address>'");
        }

        if (!ulong.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            throw Error(lineNumber, line, "the session version is not a number");
        }

        return new SdpOrigin(parts[0], parts[1], version, parts[5]);
    }

    private static SdpMedia ParseMediaLine(string value, int lineNumber, string line)
    {
        var parts = value.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 4)
        {
            throw Error(lineNumber, line, "expected 'm=<media> <port> <proto> <fmt> ...'");
        }

        var portText = parts[1];
        var slash = portText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            portText = portText[..slash];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw Error(lineNumber, line, "the port is not a number from 0 to 65535");
        }

        var media = new SdpMedia { Kind = parts[0], Port = port, Protocol = parts[2] };
        media.Formats.AddRange(parts.Skip(3));
        return media;
    }

    private static void ParseAttribute(SdpSession session, SdpMedia? media, string value, int lineNumber, string line)
    {
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var name = colon < 0 ? value : value[..colon];
        var arg = colon < 0 ? string.Empty : value[(colon + 1)..];
        switch (name)
        {
            case "group":
                var g = arg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (g.Length >= 1 && g[0] == "BUNDLE")
                {
                    session.BundleMids.Clear();
                    session.BundleMids.AddRange(g.Skip(1));
                }

                break;
            case "ice-lite":
                session.IceLite = true;
                break;
            case "ice-ufrag":
                var ufrag = RequireIceChars(arg, 4, 256, lineNumber, line);
                if (media is null)
                {
                    session.IceUfrag = ufrag;
                }
                else
                {
                    media.IceUfrag = ufrag;
                }

                break;
            case "ice-pwd":
                var pwd = RequireIceChars(arg, 22, 256, lineNumber, line);
                if (media is null)
                {
                    session.IcePwd = pwd;
                }
                else
                {
                    media.IcePwd = pwd;
                }

                break;
            case "ice-options":
                (media?.IceOptions ?? session.IceOptions).AddRange(arg.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                break;
            case "fingerprint":
                var fp = ParseFingerprint(arg, lineNumber, line);
                if (media is null)
                {
                    session.Fingerprint = fp;
                }
                else
                {
                    media.Fingerprint = fp;
                }

                break;
            case "setup":
                var setup = arg switch
                {
                    "actpass" => SdpSetup.ActPass,
                    "active" => SdpSetup.Active,
                    "passive" => SdpSetup.Passive,
                    "holdconn" => SdpSetup.HoldConn,
                    _ => throw Error(lineNumber, line, "setup must be actpass, active, passive or holdconn"),
                };
                if (media is null)
                {
                    session.Setup = setup;
                }
                else
                {
                    media.Setup = setup;
                }

                break;
            case "msid-semantic":
                session.MsidSemantic = arg.Trim();
                break;
            default:
                if (media is not null)
                {
                    ParseMediaAttribute(media, name, arg, lineNumber, line);
                }

                break;
        }
    }

    private static void ParseMediaAttribute(SdpMedia media, string name, string arg, int lineNumber, string line)
    {
        switch (name)
        {
            case "mid":
                if (arg.Length is 0 or > 32)
                {
                    throw Error(lineNumber, line, "a mid must be 1 to 32 characters");
                }

                media.Mid = arg;
                break;
            case "sendrecv":
                media.Direction = SdpDirection.SendRecv;
                break;
            case "sendonly":
                media.Direction = SdpDirection.SendOnly;
                break;
            case "recvonly":
                media.Direction = SdpDirection.RecvOnly;
                break;
            case "inactive":
                media.Direction = SdpDirection.Inactive;
                break;
            case "rtcp-mux":
                media.RtcpMux = true;
                break;
            case "rtcp-rsize":
                media.RtcpReducedSize = true;
                break;
            case "rtpmap":
                media.RtpMaps.Add(ParseRtpMap(arg, lineNumber, line));
                break;
            case "fmtp":
                var sp = arg.IndexOf(' ', StringComparison.Ordinal);
                var ptText = sp < 0 ? arg : arg[..sp];
                media.Fmtp[ParsePayloadType(ptText, lineNumber, line)] = sp < 0 ? string.Empty : arg[(sp + 1)..].Trim();
                break;
            case "rtcp-fb":
                var fbSpace = arg.IndexOf(' ', StringComparison.Ordinal);
                if (fbSpace <= 0)
                {
                    throw Error(lineNumber, line, "expected 'a=rtcp-fb:<pt|*> <type>'");
                }

                var fbPt = arg[..fbSpace];
                media.RtcpFeedback.Add(new SdpRtcpFeedback(fbPt == "*" ? null : ParsePayloadType(fbPt, lineNumber, line), arg[(fbSpace + 1)..].Trim()));
                break;
            case "extmap":
                media.ExtMaps.Add(ParseExtMap(arg, lineNumber, line));
                break;
            case "ssrc":
                media.Ssrcs.Add(ParseSsrc(arg, lineNumber, line));
                break;
            case "ssrc-group":
                var sg = arg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (sg.Length < 2)
                {
                    throw Error(lineNumber, line, "expected 'a=ssrc-group:<semantics> <ssrc> ...'");
                }

                media.SsrcGroups.Add(new SdpSsrcGroup(sg[0], sg.Skip(1).Select(s => ParseUInt32(s, "ssrc", lineNumber, line)).ToArray()));
                break;
            case "msid":
                media.Msid = arg;
                break;
            case "sctp-port":
                var sctpPort = ParseUInt32(arg, "sctp-port", lineNumber, line);
                if (sctpPort is 0 or > 65535)
                {
                    throw Error(lineNumber, line, "sctp-port must be 1 to 65535");
                }

                media.SctpPort = (int)sctpPort;
                break;
            case "sctpmap":
                media.SctpMap = arg;
                break;
            case "max-message-size":
                if (!long.TryParse(arg, NumberStyles.None, CultureInfo.InvariantCulture, out var mms))
                {
                    throw Error(lineNumber, line, "max-message-size is not a number");
                }

                media.MaxMessageSize = mms;
                break;
            case "candidate":
                if (!SdpCandidate.TryParse(arg, out var candidate, out var error))
                {
                    throw Error(lineNumber, line, error);
                }

                media.Candidates.Add(candidate!);
                break;
            case "end-of-candidates":
                media.EndOfCandidates = true;
                break;
            default:
                break; // unknown attributes are ignored (RFC 8866 section 5.13)
        }
    }

    private static SdpRtpMap ParseRtpMap(string arg, int lineNumber, string line)
    {
        var sp = arg.IndexOf(' ', StringComparison.Ordinal);
        if (sp <= 0)
        {
            throw Error(lineNumber, line, "expected 'a=rtpmap:<pt> <encoding>/<clock rate>[/<channels>]'");
        }

        var pt = ParsePayloadType(arg[..sp], lineNumber, line);
        var enc = arg[(sp + 1)..].Split('/');
        if (enc.Length is < 2 or > 3 || enc[0].Length == 0)
        {
            throw Error(lineNumber, line, "expected '<encoding>/<clock rate>[/<channels>]'");
        }

        var clock = ParseUInt32(enc[1], "clock rate", lineNumber, line);
        int? channels = enc.Length == 3 ? (int)ParseUInt32(enc[2], "channel count", lineNumber, line) : null;
        if (clock is 0 or > 10_000_000 || channels is > 255)
        {
            throw Error(lineNumber, line, "clock rate or channel count out of range");
        }

        return new SdpRtpMap(pt, enc[0], (int)clock, channels);
    }

    private static SdpExtMap ParseExtMap(string arg, int lineNumber, string line)
    {
        var parts = arg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            throw Error(lineNumber, line, "expected 'a=extmap:<id>[/<direction>] <uri>'");
        }

        var idText = parts[0];
        string? direction = null;
        var slash = idText.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            direction = idText[(slash + 1)..];
            idText = idText[..slash];
        }

        var id = ParseUInt32(idText, "extmap id", lineNumber, line);
        if (id is 0 or > 255)
        {
            throw Error(lineNumber, line, "an extmap id must be 1 to 255");
        }

        return new SdpExtMap((int)id, direction, parts[1]);
    }

    private static SdpSsrcAttribute ParseSsrc(string arg, int lineNumber, string line)
    {
        var sp = arg.IndexOf(' ', StringComparison.Ordinal);
        var ssrc = ParseUInt32(sp < 0 ? arg : arg[..sp], "ssrc", lineNumber, line);
        if (sp < 0)
        {
            return new SdpSsrcAttribute(ssrc, string.Empty, null);
        }

        var rest = arg[(sp + 1)..];
        var colon = rest.IndexOf(':', StringComparison.Ordinal);
        return colon < 0 ? new SdpSsrcAttribute(ssrc, rest, null) : new SdpSsrcAttribute(ssrc, rest[..colon], rest[(colon + 1)..]);
    }

    private static SdpFingerprint ParseFingerprint(string arg, int lineNumber, string line)
    {
        var parts = arg.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2)
        {
            throw Error(lineNumber, line, "expected 'a=fingerprint:<hash> <hex pairs separated by colons>'");
        }

        var hex = parts[1].Split(':');
        if (hex.Length is < 16 or > 64)
        {
            throw Error(lineNumber, line, "a fingerprint has 16 to 64 bytes");
        }

        var bytes = new byte[hex.Length];
        for (var i = 0; i < hex.Length; i++)
        {
            if (hex[i].Length != 2 || !byte.TryParse(hex[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                throw Error(lineNumber, line, $"'{hex[i]}' is not a hex byte");
            }
        }

        return new SdpFingerprint(parts[0].ToLowerInvariant(), bytes);
    }

    private static string RequireIceChars(string value, int min, int max, int lineNumber, string line)
    {
        // ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839).
        if (value.Length < min || value.Length > max)
        {
            throw Error(lineNumber, line, $"must be {min} to {max} characters");
        }

        foreach (var ch in value)
        {
            if (!char.IsAsciiLetterOrDigit(ch) && ch != '+' && ch != '/')
            {
                throw Error(lineNumber, line, $"'{ch}' is not an ice-char");
            }
        }

        return value;
    }

    private static int ParsePayloadType(string text, int lineNumber, string line)
    {
        var pt = ParseUInt32(text, "payload type", lineNumber, line);
        return pt > 127 ? throw Error(lineNumber, line, "a payload type must be 0 to 127") : (int)pt;
    }

    private static uint ParseUInt32(string text, string what, int lineNumber, string line) =>
        uint.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : throw Error(lineNumber, line, $"the {what} '{text}' is not a number");

    private static SessionDescriptionException Error(int lineNumber, string line, string reason)
    {
        var shown = line.Length > 120 ? line[..120] + "…" : line;
        return new SessionDescriptionException($"SDP line {lineNumber} '{shown}': {reason}.");
    }
}
