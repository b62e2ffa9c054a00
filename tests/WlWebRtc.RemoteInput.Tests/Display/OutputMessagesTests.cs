using System.Text;
using System.Text.Json;
using WlWebRtc.Capture;
using WlWebRtc.RemoteInput.Display;

namespace WlWebRtc.RemoteInput.Tests.Display;

public sealed class OutputMessagesTests
{
    [Fact]
    public void Parse_SelectOutput_GivesTheName()
    {
        Assert.Equal(OutputMessageKind.Select, Parse("""{"t":"so","name":"HEADLESS-2"}""", out var name));
        Assert.Equal("HEADLESS-2", name);
    }

    [Fact]
    public void Parse_FieldsInAnyOrderWithUnknownOnes_GivesTheName()
    {
        Assert.Equal(OutputMessageKind.Select, Parse("""{"x":[1,{"a":2}],"name":"DP-1","t":"so"}""", out var name));
        Assert.Equal("DP-1", name);
    }

    [Theory]
    [InlineData("""{"t":"vs","w":1,"h":1,"r":1}""")]
    [InlineData("""{"t":"pm","x":0.5,"y":0.5}""")]
    [InlineData("""{"name":"DP-1"}""")]
    [InlineData("not json")]
    [InlineData("[]")]
    public void Parse_OtherMessages_AreNotOutputMessages(string json) =>
        Assert.Equal(OutputMessageKind.NotOutput, Parse(json, out _));

    [Theory]
    [InlineData("""{"t":"so"}""")]
    [InlineData("""{"t":"so","name":""}""")]
    [InlineData("""{"t":"so","name":5}""")]
    [InlineData("""{"t":"so","name":"a","name":"b"}""")]
    [InlineData("""{"t":"so","name":"a\nb"}""")]
    [InlineData("""{"t":"so","name":"a"} trailing""")]
    [InlineData("""{"t":"so","name":"a",""")]
    public void Parse_BrokenSelect_IsInvalid(string json) =>
        Assert.Equal(OutputMessageKind.Invalid, Parse(json, out _));

    [Fact]
    public void Parse_NameLongerThanTheLimit_IsInvalid() =>
        Assert.Equal(OutputMessageKind.Invalid, Parse("{\"t\":\"so\",\"name\":\"" + new string('x', OutputMessageParser.MaxNameLength + 1) + "\"}", out _));

    [Fact]
    public void Parse_HundredThousandRandomMutations_NeverThrowAndOnlyValidNamesPass()
    {
        var random = new Random(1617);
        var seed = Encoding.UTF8.GetBytes("""{"t":"so","name":"HEADLESS-2"}""");
        for (var i = 0; i < 100_000; i++)
        {
            var bytes = (byte[])seed.Clone();
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
            }

            if (OutputMessageParser.Parse(bytes, out var name) == OutputMessageKind.Select)
            {
                Assert.NotNull(name);
                Assert.InRange(name.Length, 1, OutputMessageParser.MaxNameLength);
                Assert.DoesNotContain(name, char.IsControl);
            }
            else
            {
                Assert.Null(name);
            }
        }
    }

    [Fact]
    public void List_Outputs_WritesEveryFieldEscaped()
    {
        var json = OutputMessages.List([new DesktopOutput("HEADLESS-1", 0, 0, 1280, 720, 1), new DesktopOutput("we\"ird", 1280, 0, 800, 600, 2)], "HEADLESS-1", canSelect: true, error: "no");

        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("outputs", root.GetProperty("t").GetString());
        Assert.Equal(2, root.GetProperty("list").GetArrayLength());
        var second = root.GetProperty("list")[1];
        Assert.Equal("we\"ird", second.GetProperty("name").GetString());
        Assert.Equal(1280, second.GetProperty("x").GetInt32());
        Assert.Equal(800, second.GetProperty("w").GetInt32());
        Assert.Equal(600, second.GetProperty("h").GetInt32());
        Assert.Equal(2, second.GetProperty("scale").GetDouble());
        Assert.Equal("HEADLESS-1", root.GetProperty("current").GetString());
        Assert.True(root.GetProperty("canSelect").GetBoolean());
        Assert.Equal("no", root.GetProperty("error").GetString());
    }

    [Fact]
    public void List_UnknownCurrent_IsNull()
    {
        using var document = JsonDocument.Parse(OutputMessages.List([], null, canSelect: false));
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("current").ValueKind);
        Assert.False(document.RootElement.TryGetProperty("error", out _));
    }

    private static OutputMessageKind Parse(string json, out string? name) => OutputMessageParser.Parse(Encoding.UTF8.GetBytes(json), out name);
}
