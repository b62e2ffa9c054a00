using System.Text;
using WlWebRtc.Capture;
using WlWebRtc.Sway;

namespace WlWebRtc.Capture.Tests.Sway;

public sealed class SwayOutputResizerTests
{
    private const string TwoOutputs = """
        [
          {"name":"HEADLESS-1","active":true,"focused":false,"rect":{"x":0,"y":0,"width":1280,"height":720},"current_mode":{"width":1280,"height":720},"scale":1.0},
          {"name":"HEADLESS-2","active":true,"focused":true,"rect":{"x":1280,"y":0,"width":1000,"height":700},"current_mode":{"width":2000,"height":1400},"scale":2.0},
          {"name":"HDMI-A-1","active":false,"rect":{"x":0,"y":0,"width":0,"height":0}}
        ]
        """;

    [Fact]
    public void Command_Size_IsACustomModeWithScale() =>
        Assert.Equal("output \"HEADLESS-1\" mode --custom 2000x1400 scale 2", SwayOutputResizer.Command("HEADLESS-1", new DesiredOutputSize(2000, 1400, 2)));

    [Fact]
    public void Command_FractionalScale_IsWrittenInvariantly() =>
        Assert.EndsWith("scale 1.25", SwayOutputResizer.Command("DP-1", new DesiredOutputSize(1600, 1000, 1.25)), StringComparison.Ordinal);

    [Theory]
    [InlineData("A\"; exit")]
    [InlineData("A;B")]
    [InlineData("")]
    public void Command_NameThatCouldInjectCommands_Throws(string name) =>
        Assert.Throws<SwayIpcException>(() => SwayOutputResizer.Command(name, new DesiredOutputSize(800, 600, 1)));

    [Fact]
    public void ParseList_Outputs_ReadsNameStateRectModeAndScale()
    {
        var outputs = SwayOutput.ParseList(Encoding.UTF8.GetBytes(TwoOutputs));
        Assert.Equal(3, outputs.Count);
        Assert.Equal(new SwayOutput("HEADLESS-2", true, true, 1280, 0, 1000, 700, 2000, 1400, 2), outputs[1]);
        Assert.False(outputs[2].Active);
    }

    [Fact]
    public void ChooseOutput_OneActive_IsThatOne()
    {
        var outputs = SwayOutput.ParseList(Encoding.UTF8.GetBytes(TwoOutputs)).Where(o => o.Name != "HEADLESS-2").ToList();
        Assert.Equal("HEADLESS-1", SwayOutputResizer.ChooseOutput(outputs, null, null));
    }

    [Fact]
    public void ChooseOutput_SeveralActive_UsesTheCapturedPositionOrTheKnownName()
    {
        var outputs = SwayOutput.ParseList(Encoding.UTF8.GetBytes(TwoOutputs));
        Assert.Equal("HEADLESS-2", SwayOutputResizer.ChooseOutput(outputs, null, (1280, 0)));
        Assert.Equal("HEADLESS-1", SwayOutputResizer.ChooseOutput(outputs, "HEADLESS-1", (1280, 0)));
        Assert.Throws<SwayIpcException>(() => SwayOutputResizer.ChooseOutput(outputs, null, null));
    }

    [Theory]
    [InlineData("""[{"success":true}]""", true)]
    [InlineData("""[{"success":true},{"success":false,"error":"Invalid mode"}]""", false)]
    [InlineData("""{"success":false,"error":"nope"}""", false)]
    [InlineData("""not json""", false)]
    public void CheckCommandReply_FailedCommand_Throws(string reply, bool ok)
    {
        var exception = Record.Exception(() => SwayOutputResizer.CheckCommandReply(Encoding.UTF8.GetBytes(reply)));
        Assert.Equal(ok, exception is null);
        if (!ok)
        {
            Assert.IsType<SwayIpcException>(exception);
        }
    }

    [Fact]
    public void Frame_ThenReadHeader_RoundTripsLengthAndType()
    {
        var frame = SwayIpcClient.Frame(SwayIpcClient.RunCommand, "output * bg #000000 solid_color");
        Assert.Equal("i3-ipc"u8.ToArray(), frame[..6]);
        var (length, type) = SwayIpcClient.ReadHeader(frame);
        Assert.Equal(frame.Length - 14, length);
        Assert.Equal(SwayIpcClient.RunCommand, type);
    }

    [Fact]
    public void ReadHeader_WrongMagicOrHugeLength_Throws()
    {
        var frame = SwayIpcClient.Frame(SwayIpcClient.GetOutputs, "");
        frame[0] = (byte)'x';
        Assert.Throws<SwayIpcException>(() => SwayIpcClient.ReadHeader(frame));
        var huge = SwayIpcClient.Frame(SwayIpcClient.GetOutputs, "");
        BitConverter.TryWriteBytes(huge.AsSpan(6), (uint)(SwayIpcClient.MaxReplyBytes + 1));
        Assert.Throws<SwayIpcException>(() => SwayIpcClient.ReadHeader(huge));
    }
}
