using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.WebRtc.Tests.Sdp;

namespace WlWebRtc.WebRtc.Tests.Fuzz;

/// <summary>At least 10^5 random and mutated inputs per parser of network input: only the documented failure is allowed.</summary>
[Collection(WlWebRtc.WebRtc.Tests.Peers.RealPeers.Name)] // CPU-heavy: not alongside the real-peer tests on 2 cores
public sealed class ParserFuzzTests
{
    private const int Iterations = 100_000;

    [Fact]
    public void SdpParser_100kMutatedOffers_ParseOrThrowSessionDescriptionExceptionOnly()
    {
        var mutator = new Mutator(1234);
        var local = TestLocal.Create();
        int parsed = 0, rejected = 0, answered = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var text = SampleOffers.Chromium;
            for (var m = mutator.Random.Next(1, 4); m > 0; m--)
            {
                text = mutator.MutateText(text);
            }

            SdpSession sdp;
            try
            {
                sdp = SdpParser.Parse(text);
                parsed++;
            }
            catch (SessionDescriptionException ex)
            {
                Assert.False(string.IsNullOrWhiteSpace(ex.Message));
                rejected++;
                continue;
            }

            if (i % 10 == 0)
            {
                try
                {
                    var (answer, _) = SdpNegotiator.CreateAnswer(sdp, local);
                    SdpParser.Parse(SdpWriter.Write(answer)); // what we write, we can read
                    answered++;
                }
                catch (SessionDescriptionException)
                {
                    // an offer we cannot accept, said clearly
                }
            }
        }

        Assert.Equal(Iterations, parsed + rejected);
        Assert.True(parsed > 1000 && rejected > 1000, $"mutations too mild or too harsh: {parsed} parsed, {rejected} rejected, {answered} answered");
    }

    [Fact]
    public void SdpParser_100kRandomStrings_NeverThrowAnythingElse()
    {
        var random = new Random(99);
        const string alphabet = "vosmcatb=: /\r\n0123456789aAzZ-_.+;,=*\t\u00e9";
        for (var i = 0; i < Iterations; i++)
        {
            var chars = new char[random.Next(0, 200)];
            for (var c = 0; c < chars.Length; c++)
            {
                chars[c] = alphabet[random.Next(alphabet.Length)];
            }

            var text = (random.Next(2) == 0 ? "v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\n" : string.Empty) + new string(chars);
            try
            {
                SdpParser.Parse(text);
            }
            catch (SessionDescriptionException)
            {
            }
        }
    }
}
