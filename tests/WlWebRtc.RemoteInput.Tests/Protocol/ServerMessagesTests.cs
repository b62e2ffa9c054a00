using System.Text;
using System.Text.Json;
using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.Signaling;

namespace WlWebRtc.RemoteInput.Tests.Protocol;

/// <summary>
/// The server's messages as the viewer reads them: a WebRTC string message (UTF-8) given to <c>JSON.parse</c>
/// (viewer.js, onChannelMessage). Strict UTF-8 decoding and <see cref="JsonDocument"/> stand in for both.
/// </summary>
public sealed class ServerMessagesTests
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    [Theory]
    [InlineData(ViewerRole.Control, "control")]
    [InlineData(ViewerRole.View, "view")]
    public void Role_EachRole_ParsesAsTheRoleEventTheViewerExpects(ViewerRole role, string expected)
    {
        using var message = ParseAsViewer(ServerMessages.Role(role));

        Assert.Equal("role", message.RootElement.GetProperty("t").GetString());
        Assert.Equal(expected, message.RootElement.GetProperty("role").GetString());
        Assert.Equal(2, message.RootElement.EnumerateObject().Count());
    }

    [Fact]
    public void Role_UndefinedRoleValue_GrantsView()
    {
        using var message = ParseAsViewer(ServerMessages.Role((ViewerRole)42));

        Assert.Equal("view", message.RootElement.GetProperty("role").GetString());
    }

    [Fact]
    public void Role_Control_IsTheCompactObjectTheGatewaySentBefore()
    {
        // the bytes the gateway built by interpolation until the library wrote them: a viewer sees no difference
        Assert.Equal("""{"t":"role","role":"control"}""", StrictUtf8.GetString(ServerMessages.Role(ViewerRole.Control).Span));
        Assert.Equal("""{"t":"role","role":"view"}""", StrictUtf8.GetString(ServerMessages.Role(ViewerRole.View).Span));
    }

    [Fact]
    public void Role_ControlWithTouch_SaysTouchOnlyToTheControlRole()
    {
        Assert.Equal("""{"t":"role","role":"control","touch":true}""", StrictUtf8.GetString(ServerMessages.Role(ViewerRole.Control, touch: true).Span));
        Assert.Equal("""{"t":"role","role":"view"}""", StrictUtf8.GetString(ServerMessages.Role(ViewerRole.View, touch: true).Span));
        Assert.Equal("""{"t":"role","role":"control"}""", StrictUtf8.GetString(ServerMessages.Role(ViewerRole.Control, touch: false).Span));
    }

    [Theory]
    [InlineData("say \"hi\"")]
    [InlineData("back\\slash")]
    [InlineData("line\nbreak\ttab\r")]
    [InlineData("nul\u0000and\u001fcontrol")]
    [InlineData("</script><!--")]
    [InlineData("separators \u2028 \u2029")]
    [InlineData("é ü 中文 😀")]
    [InlineData("")]
    public void Event_AnyStringValue_IsEscapedAndRoundTrips(string value)
    {
        var bytes = ServerMessages.Event("role", "role", value);

        using var message = ParseAsViewer(bytes);
        Assert.Equal(value, message.RootElement.GetProperty("role").GetString());
        Assert.DoesNotContain(bytes.ToArray(), b => b < 0x20); // control characters only ever as escapes
    }

    [Fact]
    public void Event_FieldNameNeedingEscapes_RoundTrips()
    {
        using var message = ParseAsViewer(ServerMessages.Event("x\"y", "a\\b", "c"));

        Assert.Equal("x\"y", message.RootElement.GetProperty("t").GetString());
        Assert.Equal("c", message.RootElement.GetProperty("a\\b").GetString());
    }

    [Theory]
    [InlineData(DropReason.Malformed, "malformed message")]
    [InlineData(DropReason.TooLarge, "message too large")]
    [InlineData(DropReason.UnknownType, "unknown message type")]
    [InlineData(DropReason.MissingField, "a required field is missing")]
    [InlineData(DropReason.OutOfRange, "a value is out of range")]
    [InlineData(DropReason.UnknownCode, "unknown key code or button")]
    [InlineData(DropReason.RateLimited, "too many messages: rate-limited")]
    [InlineData(DropReason.Redundant, "press of a held key or release of a key not held")]
    [InlineData(DropReason.InjectorFailed, "InjectorFailed")]
    public void Error_EachReason_ParsesWithItsSentence(DropReason reason, string expected)
    {
        using var message = ParseAsViewer(ServerMessages.Error(reason));

        Assert.Equal("error", message.RootElement.GetProperty("t").GetString());
        Assert.Equal(expected, message.RootElement.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(0L, 0.0)]
    [InlineData(9007199254740992L, 12345.678)] // 2^53, the largest id the parser accepts
    [InlineData(-9007199254740992L, -1e300)]
    public void Pong_IdAndTimestamp_RoundTripThroughTheParser(long id, double timestamp)
    {
        var bytes = ServerMessages.Pong(id, timestamp);

        Assert.True(InputMessageParser.TryParse(bytes.Span, out var pong, out var reason), reason.ToString());
        Assert.Equal(InputMessageType.Pong, pong.Type);
        Assert.Equal(id, pong.Id);
        Assert.Equal(timestamp, pong.Timestamp);
    }

    private static JsonDocument ParseAsViewer(ReadOnlyMemory<byte> utf8) => JsonDocument.Parse(StrictUtf8.GetString(utf8.Span));
}
