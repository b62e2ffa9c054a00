using WlWebRtc.FFmpeg.Bitstream;

namespace WlWebRtc.Encoder.Tests.Bitstream;

public sealed class H264SpsParserTests
{
    // A Constrained Baseline level 3.1 1280x720 SPS with a VUI (BT.709, limited range), written by x264 through ffmpeg.
    private static readonly byte[] Sps720p = Convert.FromHexString("6742C01FD9005005BB016A02020280000003008000001E078C1924");

    [Fact]
    public void Parse_X264Sps_ReadsProfileLevelSizeAndColour()
    {
        var sps = H264SpsParser.Parse(Sps720p);
        Assert.True(sps.IsConstrainedBaseline);
        Assert.Equal(31, sps.LevelIdc);
        Assert.Equal((1280, 720), (sps.Width, sps.Height));
        Assert.True(sps.ColourDescriptionPresent);
        Assert.False(sps.FullRange);
        Assert.Equal((1, 1, 1), (sps.ColourPrimaries, sps.TransferCharacteristics, sps.MatrixCoefficients));
    }

    [Fact]
    public void Parse_RandomGarbage_OnlyEverThrowsH264BitstreamException()
    {
        var random = new Random(1234);
        var buffer = new byte[64];
        var parsed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var length = random.Next(0, buffer.Length);
            random.NextBytes(buffer);
            if (i % 2 == 0 && length > 0)
            {
                buffer[0] = 0x67; // make half of them look like an SPS header
            }

            try
            {
                H264SpsParser.Parse(buffer.AsSpan(0, length));
                parsed++;
            }
            catch (H264BitstreamException)
            {
            }
        }

        Assert.InRange(parsed, 0, 100_000);
    }

    [Fact]
    public void Parse_TruncatedSps_SaysWhereItEnded()
    {
        var error = Assert.Throws<H264BitstreamException>(() => H264SpsParser.Parse(Sps720p.AsSpan(0, 6)));
        Assert.Contains("SPS ends inside", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RemoveEmulationPrevention_ZeroZeroThree_DropsTheThree() =>
        Assert.Equal(new byte[] { 0, 0, 1, 0, 0, 3 }, H264SpsParser.RemoveEmulationPrevention([0, 0, 3, 1, 0, 0, 3, 3]));
}
