using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.RemoteInput.Tests.Support;

namespace WlWebRtc.RemoteInput.Tests.Protocol;

public sealed class InputMessageParserTests
{
    [Theory]
    [InlineData("""{"t":"pm","x":0.25,"y":1}""", "PointerMove", 0.25, 1.0)]
    [InlineData("""{"t":"pm","x":0,"y":0}""", "PointerMove", 0.0, 0.0)]
    [InlineData("""{"t":"pr","dx":-3.5,"dy":7}""", "PointerRelative", -3.5, 7.0)]
    [InlineData(""" { "y" : 0.5 , "t" : "pm" , "x" : 0.75, "extra": {"a":[1,2]} } """, "PointerMove", 0.75, 0.5)]
    public void TryParse_ValidMotion_ReturnsCoordinates(string json, string type, double x, double y)
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8(json), out var message, out _));
        Assert.Equal(Enum.Parse<InputMessageType>(type), message.Type);
        Assert.Equal(x, message.X);
        Assert.Equal(y, message.Y);
    }

    [Theory]
    [InlineData("""{"t":"k","c":"KeyA","d":true}""", 30, true)]
    [InlineData("""{"t":"k","c":"ShiftLeft","d":false}""", 42, false)]
    [InlineData("""{"t":"k","c":"IntlBackslash","d":true}""", 86, true)]
    [InlineData("""{"t":"pb","b":0,"d":true}""", 0x110, true)]
    [InlineData("""{"t":"pb","b":2,"d":false}""", 0x111, false)]
    [InlineData("""{"t":"pb","b":4,"d":true}""", 0x114, true)]
    public void TryParse_KeyOrButton_MapsToEvdev(string json, int code, bool down)
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8(json), out var message, out _));
        Assert.Equal(code, message.Code);
        Assert.Equal(down, message.Down);
    }

    [Fact]
    public void TryParse_PingWithLargeId_KeepsIdAndTimestamp()
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8("""{"t":"ping","id":9007199254740991,"ts":12345.678}"""), out var message, out _));
        Assert.Equal(InputMessageType.Ping, message.Type);
        Assert.Equal(9007199254740991L, message.Id);
        Assert.Equal(12345.678, message.Timestamp);
        Assert.False(message.IsInput);
    }

    [Fact]
    public void TryParse_WheelWithoutMode_DefaultsToPixels()
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8("""{"t":"pw","dx":0,"dy":-120}"""), out var message, out _));
        Assert.Equal(0, message.DeltaMode);
        Assert.Equal(-120, message.Y);
    }

    [Theory]
    [InlineData("", "Malformed")]
    [InlineData("null", "Malformed")]
    [InlineData("[]", "Malformed")]
    [InlineData("""{"t":"pm","x":0.1,"y":0.1""", "Malformed")]
    [InlineData("""{"t":"pm","x":0.1,"y":0.1}{}""", "Malformed")]
    [InlineData("""{"t":"pm","x":0.1,"x":0.2,"y":0.1}""", "Malformed")]
    [InlineData("""{"t":"pm","x":"0.1","y":0.1}""", "Malformed")]
    [InlineData("""{"t":"k","c":"KeyA","d":1}""", "Malformed")]
    [InlineData("""{"t":5}""", "Malformed")]
    [InlineData("""{"x":1}""", "MissingField")]
    [InlineData("""{"t":"pm","x":0.5}""", "MissingField")]
    [InlineData("""{"t":"k","c":"KeyA"}""", "MissingField")]
    [InlineData("""{"t":"ping","id":1}""", "MissingField")]
    [InlineData("""{"t":"zz"}""", "UnknownType")]
    [InlineData("""{"t":"pm","x":1.0001,"y":0}""", "OutOfRange")]
    [InlineData("""{"t":"pm","x":-0.1,"y":0}""", "OutOfRange")]
    [InlineData("""{"t":"pm","x":1e400,"y":0}""", "OutOfRange")]
    [InlineData("""{"t":"pr","dx":20000,"dy":0}""", "OutOfRange")]
    [InlineData("""{"t":"pw","dx":0,"dy":1,"m":3}""", "OutOfRange")]
    [InlineData("""{"t":"pw","dx":0,"dy":1,"m":0.5}""", "OutOfRange")]
    [InlineData("""{"t":"ping","id":1.5,"ts":0}""", "OutOfRange")]
    [InlineData("""{"t":"k","c":"KeyAA","d":true}""", "UnknownCode")]
    [InlineData("""{"t":"k","c":"","d":true}""", "UnknownCode")]
    [InlineData("""{"t":"pb","b":5,"d":true}""", "UnknownCode")]
    [InlineData("""{"t":"pb","b":-1,"d":true}""", "UnknownCode")]
    [InlineData("""{"t":"pb","b":1.5,"d":true}""", "UnknownCode")]
    public void TryParse_BadMessage_DropsWithReason(string json, string expected)
    {
        Assert.False(InputMessageParser.TryParse(Json.Utf8(json), out _, out var reason));
        Assert.Equal(Enum.Parse<DropReason>(expected), reason);
    }

    [Fact]
    public void TryParse_OverlongMessage_IsTooLarge()
    {
        var json = "{\"t\":\"pm\",\"x\":0,\"y\":0,\"pad\":\"" + new string('a', InputMessageParser.MaxMessageBytes) + "\"}";
        Assert.False(InputMessageParser.TryParse(Json.Utf8(json), out _, out var reason));
        Assert.Equal(DropReason.TooLarge, reason);
    }

    [Fact]
    public void TryParse_InvalidUtf8InString_IsMalformed()
    {
        byte[] json = [.. Json.Utf8("{\"t\":\"k\",\"c\":\"Key"), 0xff, 0xfe, .. Json.Utf8("\",\"d\":true}")];
        Assert.False(InputMessageParser.TryParse(json, out _, out var reason));
        Assert.Equal(DropReason.Malformed, reason);
    }
}
