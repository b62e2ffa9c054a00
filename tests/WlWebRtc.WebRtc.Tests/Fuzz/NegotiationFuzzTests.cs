using System.Globalization;
using System.Text.RegularExpressions;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.WebRtc.Tests.Sdp;

namespace WlWebRtc.WebRtc.Tests.Fuzz;

/// <summary>
/// Offers mutated where negotiation reads values (extension ids, payload types, apt, fmtp, sctp attributes):
/// negotiation either refuses with SessionDescriptionException, or what it settles builds options the RTP
/// sender and the SCTP association accept (nothing left to throw later on the DTLS thread).
/// </summary>
[Collection(WlWebRtc.WebRtc.Tests.Peers.RealPeers.Name)] // CPU-heavy: not alongside the real-peer tests on 2 cores
public sealed partial class NegotiationFuzzTests
{
    private const int Iterations = 50_000;

    [Fact]
    public void CreateAnswer_50kOffersWithMutatedNegotiatedValues_RefusedOrBuildValidSenderOptions()
    {
        var random = new Random(4321);
        var mutator = new Mutator(4321);
        var local = TestLocal.Create();
        int refused = 0, answered = 0, withVideo = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = SampleOffers.Chromium;
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                text = random.Next(8) == 0 ? mutator.MutateText(text) : MutateNegotiatedValue(text, random);
            }

            NegotiatedSession negotiated;
            SdpSession answer;
            try
            {
                (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(text), local);
            }
            catch (SessionDescriptionException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                refused++;
                continue;
            }

            NegotiationValidationTests.AssertBuildsValidOptions(negotiated);
            SdpParser.Parse(SdpWriter.Write(answer)); // what we write, we can read
            answered++;
            withVideo += negotiated.Video is null ? 0 : 1;
        }

        Assert.True(refused > 1000 && withVideo > 1000, $"mutations too mild or too harsh: {refused} refused, {answered} answered, {withVideo} with video");
    }

    /// <summary>Changes one value negotiation reads, to something legal, extreme or conflicting.</summary>
    private static string MutateNegotiatedValue(string offer, Random random)
    {
        var lines = offer.Split("\r\n").ToList();
        var index = random.Next(lines.Count);
        string Number() => random.Next(6) switch
        {
            0 => random.Next(0, 16).ToString(CultureInfo.InvariantCulture),
            1 => random.Next(60, 100).ToString(CultureInfo.InvariantCulture),
            2 => random.Next(100, 130).ToString(CultureInfo.InvariantCulture),
            3 => "255",
            4 => random.Next(0, 70000).ToString(CultureInfo.InvariantCulture),
            _ => random.Next(14, 17).ToString(CultureInfo.InvariantCulture),
        };

        switch (random.Next(7))
        {
            case 0: // an a=extmap id, a payload type in rtpmap/fmtp/rtcp-fb, an apt, a port
                var attribute = lines.FindIndex(random.Next(lines.Count), l => AttributeNumber().IsMatch(l));
                if (attribute >= 0)
                {
                    lines[attribute] = AttributeNumber().Replace(lines[attribute], mm => mm.Groups[1].Value + Number(), 1);
                }

                break;
            case 1: // apt= points somewhere else
                var fmtp = lines.FindIndex(l => l.Contains("apt=", StringComparison.Ordinal));
                if (fmtp >= 0)
                {
                    lines[fmtp] = AptValue().Replace(lines[fmtp], "apt=" + Number());
                }

                break;
            case 2: // duplicate an attribute (a second extmap with the same id, a second rtpmap for one PT ...)
                var a = lines.FindIndex(random.Next(lines.Count), l => l.StartsWith("a=", StringComparison.Ordinal));
                if (a >= 0)
                {
                    lines.Insert(random.Next(a, lines.Count), lines[a]);
                }

                break;
            case 3: // drop a line
                lines.RemoveAt(index);
                break;
            case 4: // profile-level-id, packetization-mode, level-asymmetry
                var h264 = lines.FindIndex(random.Next(lines.Count), l => l.Contains("profile-level-id=", StringComparison.Ordinal));
                if (h264 >= 0)
                {
                    lines[h264] = random.Next(3) switch
                    {
                        0 => ProfileLevelId().Replace(lines[h264], "profile-level-id=" + random.Next(0, 0xFFFFFF).ToString("x6", CultureInfo.InvariantCulture)),
                        1 => lines[h264].Replace("packetization-mode=1", "packetization-mode=" + random.Next(3), StringComparison.Ordinal),
                        _ => lines[h264].Replace("level-asymmetry-allowed=1", "level-asymmetry-allowed=" + random.Next(3), StringComparison.Ordinal),
                    };
                }

                break;
            case 5: // sctp-port / max-message-size / a new extmap of ours with any id
                lines.Insert(lines.Count - 1, random.Next(3) switch
                {
                    0 => "a=sctp-port:" + Number(),
                    1 => "a=max-message-size:" + (random.Next(2) == 0 ? Number() : "9999999999999"),
                    _ => "a=extmap:" + Number() + " http://www.webrtc.org/experiments/rtp-hdrext/playout-delay",
                });
                break;
            default: // move an attribute into the other section
                var from = lines.FindIndex(random.Next(lines.Count), l => l.StartsWith("a=extmap", StringComparison.Ordinal) || l.StartsWith("a=rtpmap", StringComparison.Ordinal));
                if (from >= 0)
                {
                    var line = lines[from];
                    lines.RemoveAt(from);
                    lines.Insert(random.Next(lines.Count), line);
                }

                break;
        }

        return string.Join("\r\n", lines);
    }

    [GeneratedRegex("^(a=(?:extmap|rtpmap|fmtp|rtcp-fb|sctp-port|max-message-size):)[0-9]+")]
    private static partial Regex AttributeNumber();

    [GeneratedRegex("apt=[0-9]+")]
    private static partial Regex AptValue();

    [GeneratedRegex("profile-level-id=[0-9a-fA-F]+")]
    private static partial Regex ProfileLevelId();
}
