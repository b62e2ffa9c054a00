using System.Text;
using WlWebRtc.Sway;

namespace WlWebRtc.Capture.Tests.Sway;

public sealed class SwayOutputsTests
{
    private const string ThreeOutputs = """
        [
          {"name":"HEADLESS-2","active":true,"focused":true,"rect":{"x":1280,"y":0,"width":1000,"height":700},"current_mode":{"width":2000,"height":1400},"scale":2.0},
          {"name":"HEADLESS-1","active":true,"focused":false,"rect":{"x":0,"y":0,"width":1280,"height":720},"current_mode":{"width":1280,"height":720},"scale":1.0},
          {"name":"HDMI-A-1","active":false,"rect":{"x":0,"y":0,"width":0,"height":0}}
        ]
        """;

    private static IReadOnlyList<SwayOutput> Outputs => SwayOutput.ParseList(Encoding.UTF8.GetBytes(ThreeOutputs));

    [Fact]
    public void ToDesktopOutputs_SwayOutputs_ActiveOnesInLayoutOrderWithModeSize()
    {
        var outputs = SwayOutputs.ToDesktopOutputs(Outputs);

        Assert.Equal([new DesktopOutput("HEADLESS-1", 0, 0, 1280, 720, 1), new DesktopOutput("HEADLESS-2", 1280, 0, 2000, 1400, 2)], outputs);
    }

    [Fact]
    public void FocusCommand_Name_QuotesIt() =>
        Assert.Equal("focus output \"HEADLESS-2\"", SwayOutputs.FocusCommand("HEADLESS-2"));

    [Theory]
    [InlineData("A\"; exit")]
    [InlineData("A,B")]
    [InlineData("")]
    public void FocusCommand_NameThatCouldInjectCommands_Throws(string name) =>
        Assert.Throws<SwayIpcException>(() => SwayOutputs.FocusCommand(name));

    [Fact]
    public void NameOf_SizeOfOneOutput_IsThatOutput()
    {
        Assert.Equal("HEADLESS-1", SwayOutputs.NameOf(Outputs, (1280, 720), (0, 0)));
        Assert.Equal("HEADLESS-2", SwayOutputs.NameOf(Outputs, (2000, 1400), (0, 0)));
        Assert.Equal("HEADLESS-2", SwayOutputs.NameOf(Outputs, (1000, 700), null));
    }

    [Fact]
    public void NameOf_SizeOfSeveralOrUnknown_IsTheFocusedOne() =>
        Assert.Equal("HEADLESS-2", SwayOutputs.NameOf(Outputs, null, (0, 0)));

    [Fact]
    public void NameOf_SizeOfNone_IsNull() =>
        Assert.Null(SwayOutputs.NameOf(Outputs, (5, 5), (0, 0)));

    [Fact]
    public void NameOf_OneActiveOutput_IsThatOne() =>
        Assert.Equal("HEADLESS-1", SwayOutputs.NameOf([.. Outputs.Where(o => o.Name != "HEADLESS-2")], (5, 5), null));
}
