using WlWebRtc.Input.WlrVirtualInput.Injection;
using WlWebRtc.Wayland;

namespace WlWebRtc.Input.Tests.Wayland;

public sealed class WireWriterTests
{
    [Fact]
    public void Begin_StringArgument_HeaderSizeAndPadding()
    {
        Span<byte> buffer = stackalloc byte[64];
        var writer = new WireWriter(buffer);
        writer.Begin(3, 0);
        writer.Uint(7);
        writer.String("wl_seat");
        writer.Uint(1);
        writer.End();

        // 8 header + 4 name + 4 length + 8 ("wl_seat\0") + 4 version
        Assert.Equal(
            Convert.FromHexString("03000000" + "00001c00" + "07000000" + "08000000" + "776c5f7365617400" + "01000000"),
            writer.Written.ToArray());
    }

    [Theory]
    [InlineData(1.0, 256)]
    [InlineData(-0.5, -128)]
    [InlineData(15.0, 3840)]
    public void ToFixed_Value_Is24Dot8(double value, int expected) => Assert.Equal(expected, WireWriter.ToFixed(value));

    [Theory]
    [InlineData(0.0, 0u)]
    [InlineData(0.5, 640u)]
    [InlineData(1.0, 1279u)]
    [InlineData(2.0, 1279u)]
    [InlineData(double.NaN, 0u)]
    public void ToPixel_Normalised_WithinExtent(double value, uint expected) => Assert.Equal(expected, WlrInputInjector.ToPixel(value, 1280));
}
