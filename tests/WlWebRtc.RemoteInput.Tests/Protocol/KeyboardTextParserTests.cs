using System.Text;
using WlWebRtc.RemoteInput.Mapping;
using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.RemoteInput.Tests.Support;

namespace WlWebRtc.RemoteInput.Tests.Protocol;

/// <summary>The keyboard-text additions to the protocol: <c>k</c> on key messages, <c>tx</c> text, <c>kl</c> layout reports.</summary>
public sealed class KeyboardTextParserTests
{
    [Theory]
    [InlineData("""{"t":"k","c":"Quote","k":"ä","d":true}""", "ä")]
    [InlineData("""{"t":"k","c":"KeyE","k":"\u20ac","d":true}""", "€")]
    [InlineData("""{"t":"k","c":"Equal","k":"Dead","d":true}""", "Dead")]
    [InlineData("""{"t":"k","c":"AltRight","k":"AltGraph","d":false}""", "AltGraph")]
    [InlineData("""{"t":"k","c":"KeyA","k":"😀","d":true}""", "😀")]
    [InlineData("""{"t":"k","c":"KeyA","d":true}""", null)]
    public void TryParse_KeyWithValue_KeepsIt(string json, string? key)
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8(json), out var message, out var reason), reason.ToString());
        Assert.Equal(InputMessageType.Key, message.Type);
        Assert.Equal(key, message.Text);
    }

    [Theory]
    [InlineData("""{"t":"k","c":"KeyA","k":"","d":true}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"k","c":"KeyA","k":"\u0007","d":true}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"k","c":"KeyA","k":"\ud800","d":true}""", DropReason.Malformed)] // a lone surrogate: not a string .NET reads
    [InlineData("""{"t":"k","c":"KeyA","k":"abcdefghijklmnopqrstuvwxyzabcdefg","d":true}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"k","c":"KeyA","k":7,"d":true}""", DropReason.Malformed)]
    [InlineData("""{"t":"k","c":"KeyA","k":"a","k":"b","d":true}""", DropReason.Malformed)]
    public void TryParse_BadKeyValue_Dropped(string json, DropReason expected)
    {
        Assert.False(InputMessageParser.TryParse(Json.Utf8(json), out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Theory]
    [InlineData("""{"t":"tx","s":"日本語"}""", "日本語")]
    [InlineData("""{"t":"tx","s":"ß","extra":1}""", "ß")]
    public void TryParse_Text_KeepsIt(string json, string text)
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8(json), out var message, out _));
        Assert.Equal(InputMessageType.Text, message.Type);
        Assert.Equal(text, message.Text);
        Assert.True(message.IsInput);
    }

    [Theory]
    [InlineData("""{"t":"tx"}""", DropReason.MissingField)]
    [InlineData("""{"t":"tx","s":""}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"tx","s":"a\nb"}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"tx","s":null}""", DropReason.Malformed)]
    public void TryParse_BadText_Dropped(string json, DropReason expected)
    {
        Assert.False(InputMessageParser.TryParse(Json.Utf8(json), out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void TryParse_TextAtTheLimit_Accepted_OneMore_OutOfRange()
    {
        var atLimit = new string('x', InputMessageParser.MaxTextLength);
        Assert.True(InputMessageParser.TryParse(Json.Utf8($$"""{"t":"tx","s":"{{atLimit}}"}"""), out var message, out _));
        Assert.Equal(atLimit, message.Text);

        Assert.False(InputMessageParser.TryParse(Json.Utf8($$"""{"t":"tx","s":"{{atLimit}}x"}"""), out _, out var reason));
        Assert.Equal(DropReason.OutOfRange, reason);
    }

    [Fact]
    public void TryParse_TextAtTheLimitEscaped_FitsInOneMessage()
    {
        var escaped = string.Concat(Enumerable.Repeat("\\u65e5", InputMessageParser.MaxTextLength));
        var json = Json.Utf8($$"""{"t":"tx","s":"{{escaped}}"}""");

        Assert.True(json.Length <= InputMessageParser.MaxMessageBytes, $"{json.Length} bytes");
        Assert.True(InputMessageParser.TryParse(json, out var message, out _));
        Assert.Equal(new string('日', InputMessageParser.MaxTextLength), message.Text);
    }

    [Theory]
    [InlineData("""{"t":"kl","l":"de"}""", "de")]
    [InlineData("""{"t":"kl","l":"fr(bepo)"}""", "fr(bepo)")]
    [InlineData("""{"t":"kl","l":""}""", "")]
    public void TryParse_LayoutReport_KeepsIt(string json, string layout)
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8(json), out var message, out _));
        Assert.Equal(InputMessageType.KeyboardLayout, message.Type);
        Assert.Equal(layout, message.Text);
    }

    [Theory]
    [InlineData("""{"t":"kl"}""", DropReason.MissingField)]
    [InlineData("""{"t":"kl","l":"DE"}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"kl","l":"de\"}; include"}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"kl","l":"de(x"}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"kl","l":1}""", DropReason.Malformed)]
    public void TryParse_BadLayoutReport_Dropped(string json, DropReason expected)
    {
        Assert.False(InputMessageParser.TryParse(Json.Utf8(json), out _, out var reason));
        Assert.Equal(expected, reason);
    }

    [Theory]
    [InlineData("de", "de", "")]
    [InlineData("us", "us", "")]
    [InlineData("de(nodeadkeys)", "de", "nodeadkeys")]
    [InlineData("ch(fr_nodeadkeys)", "ch", "fr_nodeadkeys")]
    public void KeyboardLayoutName_TryParse_SplitsLayoutAndVariant(string text, string layout, string variant)
    {
        Assert.True(KeyboardLayoutName.TryParse(text, out var parsedLayout, out var parsedVariant));
        Assert.Equal((layout, variant), (parsedLayout, parsedVariant));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("auto ")]
    [InlineData("1de")]
    [InlineData("de()")]
    [InlineData("de(a)(b)")]
    [InlineData("de,us")]
    [InlineData("De")]
    [InlineData("abcdefghijklmnopq")]
    public void KeyboardLayoutName_TryParse_RejectsAnythingElse(string? text) => Assert.False(KeyboardLayoutName.TryParse(text, out _, out _));

    /// <summary>Random key values, texts and layouts (right and wrong JSON kinds, escapes, control characters, lone surrogates, over-long): never a throw, and whatever is accepted is within the limits.</summary>
    [Fact]
    public void TryParse_HundredThousandRandomKeyboardTextMessages_NeverThrowAndStayWithinLimits()
    {
        var random = new Random(20261205);
        string[] pieces = ["a", "ä", "€", "日", "😀", "\\u0000", "\\u001f", "\\ud800", "\\udc00", "\\ud83d\\ude00", "\\\"", "\\\\", "(", ")", "_", "-", "Dead", " ", "\\n", "\u0085"];
        var accepted = 0;
        for (var i = 0; i < 100_000; i++)
        {
            var value = new StringBuilder();
            var count = random.Next(4) == 0 ? random.Next(300) : random.Next(6);
            for (var j = 0; j < count; j++)
            {
                value.Append(pieces[random.Next(pieces.Length)]);
            }

            var quoted = random.Next(10) == 0 ? random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{value}\"";
            var json = random.Next(3) switch
            {
                0 => $$"""{"t":"k","c":"KeyA","k":{{quoted}},"d":true}""",
                1 => $$"""{"t":"tx","s":{{quoted}}}""",
                _ => $$"""{"t":"kl","l":{{quoted}}}""",
            };

            if (InputMessageParser.TryParse(Json.Utf8(json), out var message, out _))
            {
                accepted++;
                var text = message.Text;
                switch (message.Type)
                {
                    case InputMessageType.Key:
                        Assert.True(KeyText.IsValidKey(text), json);
                        break;
                    case InputMessageType.Text:
                        Assert.True(KeyText.IsValidText(text, InputMessageParser.MaxTextLength), json);
                        break;
                    default:
                        Assert.True(text == string.Empty || KeyboardLayoutName.TryParse(text, out _, out _), json);
                        break;
                }
            }
        }

        Assert.InRange(accepted, 1_000, 99_000);
    }
}
