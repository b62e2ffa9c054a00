using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.RemoteInput.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.RemoteInput.Tests;

/// <summary>Touch messages (td, tm, tu): parsed within their limits, routed per slot, lifted when the viewer goes.</summary>
#pragma warning disable CA1001 // the recording injector holds nothing to dispose
public sealed class TouchRoutingTests
#pragma warning restore CA1001
{
    private readonly RecordingTouchInjector _injector = new();
    private readonly ManualTimeProvider _time = new(start: TimeSpan.FromSeconds(1));

    private InputRouter CreateRouter(RecordingInjector? injector = null) =>
        new(injector ?? _injector, (_, _) => { }, InputRouterOptions.Default, _time, NullLogger<InputRouter>.Instance);

    private static void Send(InputRouter router, string viewer, string json, bool hasControl = true) => router.OnMessage(viewer, hasControl, Json.Utf8(json));

    [Theory]
    [InlineData("""{"t":"td","id":0,"x":0.25,"y":0.5}""", "TouchDown", 0, 0.25, 0.5)]
    [InlineData("""{"t":"tm","id":9,"x":1,"y":0}""", "TouchMotion", 9, 1.0, 0.0)]
    [InlineData("""{"t":"tu","id":3}""", "TouchUp", 3, 0.0, 0.0)]
    public void TryParse_Touch_ReadsSlotAndPosition(string json, string type, int slot, double x, double y)
    {
        Assert.True(InputMessageParser.TryParse(Json.Utf8(json), out var message, out _));

        Assert.Equal((type, slot, x, y), (message.Type.ToString(), message.Code, message.X, message.Y));
    }

    [Theory]
    [InlineData("""{"t":"td","id":10,"x":0.5,"y":0.5}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"td","id":-1,"x":0.5,"y":0.5}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"td","id":1.5,"x":0.5,"y":0.5}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"tm","id":0,"x":1.01,"y":0.5}""", DropReason.OutOfRange)]
    [InlineData("""{"t":"td","id":0,"x":0.5}""", DropReason.MissingField)]
    [InlineData("""{"t":"tu"}""", DropReason.MissingField)]
    [InlineData("""{"t":"tu","id":"0"}""", DropReason.Malformed)]
    public void TryParse_BadTouch_Dropped(string json, DropReason expected)
    {
        Assert.False(InputMessageParser.TryParse(Json.Utf8(json), out _, out var reason));

        Assert.Equal(expected, reason);
    }

    [Fact]
    public void OnMessage_TouchSequence_ReachesTheTouchInjectorInOrder()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"td","id":0,"x":0.25,"y":0.5}""");
        Send(router, "v1", """{"t":"tm","id":0,"x":0.5,"y":0.5}""");
        Send(router, "v1", """{"t":"tu","id":0}""");

        Assert.Equal(["touch-down 0 0.25 0.5", "touch-motion 0 0.5 0.5", "touch-up 0"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_MotionOrUpOfASlotNotDown_DroppedAsRedundant()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"tm","id":1,"x":0.5,"y":0.5}""");
        Send(router, "v1", """{"t":"tu","id":1}""");
        Send(router, "v1", """{"t":"td","id":1,"x":0.5,"y":0.5}""");
        Send(router, "v1", """{"t":"td","id":1,"x":0.5,"y":0.5}""");

        Assert.Equal(["touch-down 1 0.5 0.5"], _injector.Calls);
        Assert.Equal(3, router.GetStats().Dropped[DropReason.Redundant]);
    }

    [Fact]
    public void OnViewerGone_FingersDown_LiftsThem()
    {
        var router = CreateRouter();
        Send(router, "v1", """{"t":"td","id":0,"x":0.1,"y":0.1}""");
        Send(router, "v1", """{"t":"td","id":4,"x":0.9,"y":0.9}""");

        router.OnViewerGone("v1");

        Assert.Equal(["touch-down 0 0.1 0.1", "touch-down 4 0.9 0.9", "touch-up 0", "touch-up 4"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_TouchWithoutControl_NotInjected()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"td","id":0,"x":0.5,"y":0.5}""", hasControl: false);

        Assert.Empty(_injector.Calls);
        Assert.Equal(1, router.GetStats().Dropped[DropReason.NotControl]);
    }

    [Fact]
    public void OnMessage_InjectorWithoutTouchscreen_DroppedAsRedundant()
    {
        var plain = new RecordingInjector();
        var router = CreateRouter(plain);

        Send(router, "v1", """{"t":"td","id":0,"x":0.5,"y":0.5}""");

        Assert.Empty(plain.Calls);
        Assert.Equal(1, router.GetStats().Dropped[DropReason.Redundant]);
    }
}
