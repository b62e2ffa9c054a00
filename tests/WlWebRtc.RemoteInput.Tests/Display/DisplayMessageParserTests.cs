using System.Text;
using WlWebRtc.RemoteInput.Display;

namespace WlWebRtc.RemoteInput.Tests.Display;

public sealed class DisplayMessageParserTests
{
    [Fact]
    public void Parse_SizeReport_GivesTheSize()
    {
        Assert.Equal(DisplayMessageKind.ViewerSize, Parse("""{"t":"vs","w":1000,"h":700,"r":2}""", out var size));
        Assert.Equal(new ViewerSize(1000, 700, 2), size);
    }

    [Fact]
    public void Parse_FieldsInAnyOrderWithUnknownOnes_GivesTheSize()
    {
        Assert.Equal(DisplayMessageKind.ViewerSize, Parse("""{"r":1.25,"extra":{"a":[1,2]},"h":720,"w":1280,"t":"vs"}""", out var size));
        Assert.Equal(new ViewerSize(1280, 720, 1.25), size);
    }

    [Theory]
    [InlineData("""{"t":"pm","x":0.5,"y":0.5}""")]
    [InlineData("""{"t":"k","c":"KeyA","d":true}""")]
    [InlineData("""{"t":"v\u0073","w":1,"h":1,"r":1}""")] // an escaped type is not a display type (nor any type)
    [InlineData("""{"w":1000}""")]
    [InlineData("not json")]
    [InlineData("")]
    [InlineData("[]")]
    public void Parse_OtherMessages_AreNotDisplay(string json) => Assert.Equal(DisplayMessageKind.NotDisplay, Parse(json, out _));

    [Theory]
    [InlineData("""{"t":"vs","w":1000,"h":700}""")] // r missing
    [InlineData("""{"t":"vs","w":0,"h":700,"r":1}""")]
    [InlineData("""{"t":"vs","w":16385,"h":700,"r":1}""")]
    [InlineData("""{"t":"vs","w":1000.5,"h":700,"r":1}""")]
    [InlineData("""{"t":"vs","w":1000,"h":-1,"r":1}""")]
    [InlineData("""{"t":"vs","w":1000,"h":700,"r":0.1}""")]
    [InlineData("""{"t":"vs","w":1000,"h":700,"r":9}""")]
    [InlineData("""{"t":"vs","w":1000,"h":700,"r":1e400}""")]
    [InlineData("""{"t":"vs","w":"1000","h":700,"r":1}""")]
    [InlineData("""{"t":"vs","w":1000,"w":1000,"h":700,"r":1}""")]
    [InlineData("""{"t":"vs","w":1000,"h":700,"r":1} trailing""")]
    public void Parse_BadSizeReports_AreInvalid(string json) => Assert.Equal(DisplayMessageKind.Invalid, Parse(json, out _));

    [Fact]
    public void Parse_OversizedReport_IsInvalid()
    {
        var json = "{\"t\":\"vs\",\"w\":1000,\"h\":700,\"r\":1,\"pad\":\"" + new string('x', 1100) + "\"}";
        Assert.Equal(DisplayMessageKind.Invalid, Parse(json, out _));
    }

    [Fact]
    public void Parse_HundredThousandRandomMutations_NeverThrowAndOnlyValidOnesGiveASize()
    {
        var random = new Random(1616);
        var seed = Encoding.UTF8.GetBytes("""{"t":"vs","w":1000,"h":700,"r":2}""");
        for (var i = 0; i < 100_000; i++)
        {
            var bytes = (byte[])seed.Clone();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            var kind = DisplayMessageParser.Parse(bytes, out var size);
            if (kind == DisplayMessageKind.ViewerSize)
            {
                Assert.InRange(size.Width, 1, DisplayMessageParser.MaxStageSide);
                Assert.InRange(size.Height, 1, DisplayMessageParser.MaxStageSide);
                Assert.InRange(size.PixelRatio, DisplayMessageParser.MinPixelRatio, DisplayMessageParser.MaxPixelRatio);
            }
        }
    }

    private static DisplayMessageKind Parse(string json, out ViewerSize size) => DisplayMessageParser.Parse(Encoding.UTF8.GetBytes(json), out size);
}
