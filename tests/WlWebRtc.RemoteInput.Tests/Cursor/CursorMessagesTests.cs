using System.Text.Json;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.RemoteInput.Tests.Cursor;

public sealed class CursorMessagesTests
{
    [Fact]
    public void Image_Fields_ParseAsTheViewerReadsThem()
    {
        using var message = JsonDocument.Parse(CursorMessages.Image(7, 24, 32, 3, 4, 2, [1, 2, 3, 250]));
        var root = message.RootElement;

        Assert.Equal("ci", root.GetProperty("t").GetString());
        Assert.Equal(7, root.GetProperty("id").GetInt64());
        Assert.Equal((24, 32), (root.GetProperty("w").GetInt32(), root.GetProperty("h").GetInt32()));
        Assert.Equal((3, 4), (root.GetProperty("hx").GetInt32(), root.GetProperty("hy").GetInt32()));
        Assert.Equal(2, root.GetProperty("s").GetInt32());
        Assert.Equal("AQID+g==", root.GetProperty("png").GetString()); // standard base64, as a data URL wants
    }

    [Fact]
    public void Position_Fields_AreTheCompactObject()
    {
        Assert.Equal("""{"t":"cp","id":12,"x":-3,"y":480}""", System.Text.Encoding.UTF8.GetString(CursorMessages.Position(12, -3, 480)));
    }

    [Fact]
    public void Position_WithTheCaptureSize_AddsWidthAndHeight()
    {
        Assert.Equal("""{"t":"cp","id":12,"x":-3,"y":480,"w":1280,"h":720}""", System.Text.Encoding.UTF8.GetString(CursorMessages.Position(12, -3, 480, 1280, 720)));
    }
}
