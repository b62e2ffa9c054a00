using System.Globalization;
using System.Text.RegularExpressions;

namespace WlWebRtc.Hostile.Tests.Support;

/// <summary>
/// Seeded, parseable mutations of a real offer at the negotiation level: what a hostile or broken client may send
/// that still reads as SDP. Each mutation names itself, so that a failing case says what it did.
/// </summary>
internal static partial class SdpMutations
{
    private static readonly (string Name, Func<Random, List<string>, string?> Apply)[] All =
    [
        ("extmap id out of range", ExtmapIdOutOfRange),
        ("extmap ids shared", ExtmapIdShared),
        ("extmap added", ExtmapAdded),
        ("payload type renumbered", PayloadTypeRenumbered),
        ("rtx apt broken", RtxAptBroken),
        ("profile-level-id changed", ProfileLevelIdChanged),
        ("ssrc lines", SsrcLines),
        ("m-line removed", MediaSectionRemoved),
        ("m-line duplicated", MediaSectionDuplicated),
        ("setup role", SetupRole),
        ("fingerprint", Fingerprint),
        ("ice-ufrag length", IceUfragLength),
        ("max-message-size", MaxMessageSize),
        ("sctp port", SctpPort),
        ("bundle group", BundleGroup),
    ];

    /// <summary>One to three mutations chosen by <paramref name="seed"/>; returns the offer and what was done.</summary>
    public static (string Offer, string Description) Mutate(string offer, int seed)
    {
        var random = new Random(seed);
        var lines = SdpEdits.Lines(offer).ToList();
        var done = new List<string>();
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var (name, apply) = All[random.Next(All.Length)];
            var what = apply(random, lines);
            if (what is not null)
            {
                done.Add($"{name}: {what}");
            }
        }

        return (SdpEdits.Join(lines), done.Count == 0 ? "(nothing applied)" : string.Join("; ", done));
    }

    /// <summary>Every H.264 payload renamed to a codec nobody knows: no usable video codec is left but VP8.</summary>
    public static string WithoutH264(string offer) =>
        SdpEdits.Join(SdpEdits.Lines(offer).Select(l => l.Replace(" H264/90000", " X-NOPE/90000", StringComparison.Ordinal)));

    private static List<int> Indexes(List<string> lines, Func<string, bool> match) =>
        Enumerable.Range(0, lines.Count).Where(i => match(lines[i])).ToList();

    private static T Pick<T>(Random random, IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private static string? ExtmapIdOutOfRange(Random random, List<string> lines)
    {
        var extmaps = Indexes(lines, l => l.StartsWith("a=extmap:", StringComparison.Ordinal));
        if (extmaps.Count == 0)
        {
            return null;
        }

        var at = Pick(random, extmaps);
        var id = Pick(random, new[] { 0, 15, 16, 100, 255, 256, 4096 });
        lines[at] = ExtmapId().Replace(lines[at], $"a=extmap:{id}");
        return lines[at];
    }

    private static string? ExtmapIdShared(Random random, List<string> lines)
    {
        var extmaps = Indexes(lines, l => l.StartsWith("a=extmap:", StringComparison.Ordinal));
        if (extmaps.Count < 2)
        {
            return null;
        }

        var id = ExtmapId().Match(lines[extmaps[0]]).Groups[1].Value;
        lines[extmaps[1]] = ExtmapId().Replace(lines[extmaps[1]], $"a=extmap:{id}");
        return $"both id {id}";
    }

    private static string? ExtmapAdded(Random random, List<string> lines)
    {
        var at = lines.FindLastIndex(l => l.StartsWith("a=extmap:", StringComparison.Ordinal));
        if (at < 0)
        {
            return null;
        }

        var uri = Pick(random, new[] { SdpEdits.TransportWideCc, SdpEdits.PlayoutDelay, SdpEdits.AbsSendTime });
        var id = Pick(random, new[] { 1, 2, 3, 14, 15, 255 });
        lines.Insert(at + 1, $"a=extmap:{id} {uri}");
        return lines[at + 1];
    }

    private static string? PayloadTypeRenumbered(Random random, List<string> lines)
    {
        var video = Indexes(lines, l => l.StartsWith("m=video ", StringComparison.Ordinal));
        if (video.Count == 0)
        {
            return null;
        }

        var formats = lines[video[0]].Split(' ').Skip(3).ToList();
        if (formats.Count == 0)
        {
            return null;
        }

        var from = Pick(random, formats);
        var to = Pick(random, new[] { 0, 34, 35, 63, 64, 72, 95, 96, 127, 128, int.Parse(Pick(random, formats), CultureInfo.InvariantCulture) }).ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i] = i == video[0]
                ? string.Join(' ', lines[i].Split(' ').Select((f, n) => n >= 3 && f == from ? to : f))
                : Regex.Replace(lines[i], $@"^(a=(?:rtpmap|fmtp|rtcp-fb):){from}\b", $"${{1}}{to}").Replace($"apt={from}", $"apt={to}", StringComparison.Ordinal);
        }

        return $"{from} -> {to}";
    }

    private static string? RtxAptBroken(Random random, List<string> lines)
    {
        var apts = Indexes(lines, l => l.Contains("apt=", StringComparison.Ordinal));
        if (apts.Count == 0)
        {
            return null;
        }

        var at = Pick(random, apts);
        var apt = Pick(random, new[] { "0", "98", "127", "200", "-1", string.Empty });
        lines[at] = Regex.Replace(lines[at], @"apt=\d+", "apt=" + apt);
        return lines[at];
    }

    private static string? ProfileLevelIdChanged(Random random, List<string> lines)
    {
        var fmtps = Indexes(lines, l => l.Contains("profile-level-id=", StringComparison.Ordinal));
        if (fmtps.Count == 0)
        {
            return null;
        }

        var at = Pick(random, fmtps);
        var value = Pick(random, new[] { "640034", "f4001f", "000000", "ffffff", "42", "42e01f42e01f", "zzzzzz" });
        lines[at] = Regex.Replace(lines[at], "profile-level-id=[^;]*", "profile-level-id=" + value);
        return lines[at];
    }

    private static string? SsrcLines(Random random, List<string> lines)
    {
        var ssrcs = Indexes(lines, l => l.StartsWith("a=ssrc", StringComparison.Ordinal));
        if (ssrcs.Count == 0)
        {
            return null;
        }

        switch (random.Next(3))
        {
            case 0:
                foreach (var at in ssrcs.OrderDescending())
                {
                    lines.RemoveAt(at);
                }

                return "all removed";
            case 1:
                var extra = Enumerable.Range(0, 200).Select(_ => $"a=ssrc:{(uint)random.Next()} cname:x").ToList();
                lines.InsertRange(ssrcs[^1] + 1, extra);
                return "200 more";
            default:
                lines.Insert(ssrcs[0], "a=ssrc-group:FID 1 1 1 1");
                return "a bad FID group";
        }
    }

    private static string? MediaSectionRemoved(Random random, List<string> lines)
    {
        var sections = Indexes(lines, l => l.StartsWith("m=", StringComparison.Ordinal));
        if (sections.Count == 0)
        {
            return null;
        }

        var index = random.Next(sections.Count);
        var end = index + 1 < sections.Count ? sections[index + 1] : lines.Count;
        var name = lines[sections[index]];
        lines.RemoveRange(sections[index], end - sections[index]);
        return name;
    }

    private static string? MediaSectionDuplicated(Random random, List<string> lines)
    {
        var sections = Indexes(lines, l => l.StartsWith("m=", StringComparison.Ordinal));
        if (sections.Count == 0)
        {
            return null;
        }

        var index = random.Next(sections.Count);
        var end = index + 1 < sections.Count ? sections[index + 1] : lines.Count;
        var copy = lines.GetRange(sections[index], end - sections[index]);
        var sameMid = random.Next(2) == 0;
        if (!sameMid)
        {
            copy = copy.Select(l => l.StartsWith("a=mid:", StringComparison.Ordinal) ? "a=mid:dup" : l).ToList();
        }

        lines.AddRange(copy);
        return $"{copy[0]} ({(sameMid ? "same mid" : "new mid")})";
    }

    private static string? SetupRole(Random random, List<string> lines)
    {
        var setups = Indexes(lines, l => l.StartsWith("a=setup:", StringComparison.Ordinal));
        var role = Pick(random, new[] { "active", "passive", "holdconn", "actpass", "sideways" });
        foreach (var at in setups)
        {
            lines[at] = "a=setup:" + role;
        }

        return setups.Count == 0 ? null : role;
    }

    private static string? Fingerprint(Random random, List<string> lines)
    {
        var fingerprints = Indexes(lines, l => l.StartsWith("a=fingerprint:", StringComparison.Ordinal));
        if (fingerprints.Count == 0)
        {
            return null;
        }

        var replacement = random.Next(4) switch
        {
            0 => "a=fingerprint:sha-1 " + string.Join(':', Enumerable.Repeat("AB", 20)),
            1 => "a=fingerprint:sha-512 " + string.Join(':', Enumerable.Repeat("CD", 64)),
            2 => "a=fingerprint:md5-ish 01:02",
            _ => "a=fingerprint:sha-256 " + string.Join(':', Enumerable.Repeat("EF", 32)),
        };
        foreach (var at in fingerprints)
        {
            lines[at] = replacement;
        }

        return replacement;
    }

    private static string? IceUfragLength(Random random, List<string> lines)
    {
        var ufrags = Indexes(lines, l => l.StartsWith("a=ice-ufrag:", StringComparison.Ordinal));
        if (ufrags.Count == 0)
        {
            return null;
        }

        var length = Pick(random, new[] { 1, 3, 4, 256, 257, 2000 });
        var ufrag = new string('u', length);
        foreach (var at in ufrags)
        {
            lines[at] = "a=ice-ufrag:" + ufrag;
        }

        return $"{length} characters";
    }

    private static string? MaxMessageSize(Random random, List<string> lines)
    {
        var sizes = Indexes(lines, l => l.StartsWith("a=max-message-size:", StringComparison.Ordinal));
        var value = Pick(random, new[] { "0", "1", "65535", "262144", "18446744073709551615", "99999999999999999999999" });
        if (sizes.Count == 0)
        {
            return null;
        }

        lines[sizes[0]] = "a=max-message-size:" + value;
        return value;
    }

    private static string? SctpPort(Random random, List<string> lines)
    {
        var application = Indexes(lines, l => l.StartsWith("m=application ", StringComparison.Ordinal));
        if (application.Count == 0)
        {
            return null;
        }

        var port = Pick(random, new[] { "0", "1", "65535", "65536", "5001" });
        lines[application[0]] = Regex.Replace(lines[application[0]], @" \d+$", " " + port);
        for (var i = 0; i < lines.Count; i++)
        {
            lines[i] = Regex.Replace(lines[i], @"^a=sctpmap:\d+ ", $"a=sctpmap:{port} ");
        }

        return port;
    }

    private static string? BundleGroup(Random random, List<string> lines)
    {
        var groups = Indexes(lines, l => l.StartsWith("a=group:BUNDLE", StringComparison.Ordinal));
        if (groups.Count == 0)
        {
            return null;
        }

        switch (random.Next(4))
        {
            case 0:
                lines.RemoveAt(groups[0]);
                return "removed";
            case 1:
                lines[groups[0]] = "a=group:BUNDLE 7 8";
                return lines[groups[0]];
            case 2:
                lines[groups[0]] = "a=group:BUNDLE 0 0 1 1";
                return lines[groups[0]];
            default:
                lines.Insert(groups[0], "a=group:BUNDLE 1");
                return "a second group";
        }
    }

    [GeneratedRegex(@"^a=extmap:(\d+)")]
    private static partial Regex ExtmapId();
}
