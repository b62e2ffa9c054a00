using WlWebRtc.Portal.Spa;
using WlWebRtc.Capture.Tests.Native;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.Tests.Spa;

public sealed class NegotiatedFormatTests
{
    [Fact]
    public void TryParse_FixedFormatFromSpaBuilder_ReadsEveryField()
    {
        Assert.True(NegotiatedFormat.TryParse(SpaFacts.Pod("format_fixed"), out var format, out var error), error);

        Assert.Equal(PixelFormat.Bgrx, format!.PixelFormat);
        Assert.Equal((1280, 720), (format.Width, format.Height));
        Assert.Equal((0, 1), format.FrameRate);
        Assert.Equal((30, 1), format.MaxFrameRate);
        Assert.Null(format.Modifier);
    }

    [Fact]
    public void TryParse_FormatWithModifier_ReadsModifier()
    {
        Assert.True(NegotiatedFormat.TryParse(SpaFacts.Pod("format_modifier"), out var format, out var error), error);

        Assert.Equal(PixelFormat.Rgba, format!.PixelFormat);
        Assert.Equal((3840, 2160), (format.Width, format.Height));
        Assert.Equal(0x0100000000000002UL, format.Modifier);
        Assert.False(format.ModifierNeedsFixation);
        Assert.Null(format.MaxFrameRate);
    }

    [Fact]
    public void TryParse_EnumFormatWithChoices_TakesDefaultsAndFlagsModifierChoice()
    {
        Assert.True(NegotiatedFormat.TryParse(SpaFacts.Pod("enum_format_dmabuf"), out var format, out var error), error);

        Assert.Equal((1920, 1080), (format!.Width, format.Height));
        Assert.Equal(0UL, format.Modifier);
        Assert.True(format.ModifierNeedsFixation);
    }

    [Fact]
    public void TryParse_BuffersObject_FailsAsNotAFormat()
    {
        Assert.False(NegotiatedFormat.TryParse(SpaFacts.Pod("buffers_shm"), out _, out var error));
        Assert.Contains("Format", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryParse_EveryTruncation_FailsCleanly()
    {
        var pod = SpaFacts.Pod("format_fixed");
        for (var length = 0; length < pod.Length; length++)
        {
            Assert.False(NegotiatedFormat.TryParse(pod.AsSpan(0, length), out _, out var error));
            Assert.NotEmpty(error);
        }
    }

    [Fact]
    public void TryParse_100000MutatedAndRandomPods_NeverThrows()
    {
        var random = new Random(20240611);
        byte[][] seeds = [SpaFacts.Pod("format_fixed"), SpaFacts.Pod("format_modifier"), SpaFacts.Pod("enum_format_shm"), SpaFacts.Pod("enum_format_dmabuf")];
        var parsed = 0;
        for (var i = 0; i < 100_000; i++)
        {
            byte[] input;
            if (i % 10 == 0)
            {
                input = new byte[random.Next(0, 256)];
                random.NextBytes(input);
            }
            else
            {
                input = (byte[])seeds[i % seeds.Length].Clone();
                for (var flips = random.Next(1, 6); flips > 0; flips--)
                {
                    var at = random.Next(input.Length);
                    input[at] = random.Next(3) switch
                    {
                        0 => (byte)random.Next(256),
                        1 => 0xff,
                        _ => 0,
                    };
                }

                if (random.Next(4) == 0)
                {
                    input = input.AsSpan(0, random.Next(input.Length)).ToArray();
                }
            }

            if (NegotiatedFormat.TryParse(input, out var format, out _))
            {
                parsed++;
                Assert.InRange(format!.Width, 1, 16384);
                Assert.InRange(format.Height, 1, 16384);
            }
        }

        Assert.InRange(parsed, 1, 99_999);
    }
}
