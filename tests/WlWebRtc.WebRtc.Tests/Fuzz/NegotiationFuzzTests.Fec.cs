using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Sdp;
using WlWebRtc.WebRtc.Tests.Sdp;

namespace WlWebRtc.WebRtc.Tests.Fuzz;

public sealed partial class NegotiationFuzzTests
{
    [Fact]
    public void CreateAnswer_10kFecOffersWithMutatedValues_RefusedOrBuildValidSenderOptions()
    {
        var random = new Random(8765);
        var mutator = new Mutator(8765);
        var local = TestLocal.Create() with { Fec = true };
        int refused = 0, withFec = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var text = FecNegotiationTests.ChromiumWithFec;
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                text = random.Next(8) == 0 ? mutator.MutateText(text) : MutateNegotiatedValue(text, random);
            }

            try
            {
                var (answer, negotiated) = SdpNegotiator.CreateAnswer(SdpParser.Parse(text), local);
                NegotiationValidationTests.AssertBuildsValidOptions(negotiated);
                SdpParser.Parse(SdpWriter.Write(answer));
                withFec += negotiated.Video?.RedPayloadType is null ? 0 : 1;
            }
            catch (SessionDescriptionException)
            {
                refused++;
            }
        }

        Assert.True(withFec > 1000, $"mutations too harsh: {withFec} answers with FEC, {refused} refused");
    }
}
