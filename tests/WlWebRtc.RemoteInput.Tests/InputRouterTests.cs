using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.RemoteInput.Tests.Support;
using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.Testing;

namespace WlWebRtc.RemoteInput.Tests;

#pragma warning disable CA1001 // the recording injector holds nothing to dispose
public sealed class InputRouterTests
#pragma warning restore CA1001
{
    private readonly RecordingInjector _injector = new();
    private readonly List<(string Viewer, string Json)> _replies = [];
    private readonly ManualTimeProvider _time = new(start: TimeSpan.FromSeconds(1)); // the router takes timestamp 0 for "never"

    private InputRouter CreateRouter(InputRouterOptions? options = null) =>
        new(_injector, (viewer, json) => _replies.Add((viewer, System.Text.Encoding.UTF8.GetString(json.Span))), options ?? InputRouterOptions.Default, _time, NullLogger<InputRouter>.Instance);

    private static void Send(InputRouter router, string viewer, string json, bool hasControl = true) => router.OnMessage(viewer, hasControl, Json.Utf8(json));

    [Fact]
    public void OnMessage_KeyFromControlViewer_ForwardsEvdevCode()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"k","c":"KeyA","d":true}""");
        Send(router, "v1", """{"t":"k","c":"KeyA","d":false}""");

        Assert.Equal(["key 30 down", "key 30 up"], _injector.Calls);
        Assert.Equal(2, router.GetStats().Accepted);
    }

    [Fact]
    public void OnMessage_PointerMessages_ForwardMotionButtonsAndWheel()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"pm","x":0.5,"y":0.25}""");
        Send(router, "v1", """{"t":"pr","dx":2,"dy":-3}""");
        Send(router, "v1", """{"t":"pb","b":2,"d":true}""");
        Send(router, "v1", """{"t":"pw","dx":-100,"dy":200,"m":0}""");

        Assert.Equal(["move 0.5 0.25", "rel 2 -3", "button 273 down", "axis Vertical 30 2", "axis Horizontal -15 -1"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_InputWithoutControl_DroppedAndCounted()
    {
        var router = CreateRouter();

        Send(router, "v2", """{"t":"k","c":"KeyA","d":true}""", hasControl: false);

        Assert.Empty(_injector.Calls);
        Assert.Equal(1, router.GetStats().Dropped[DropReason.NotControl]);
        Assert.Empty(_replies);
    }

    [Fact]
    public void OnMessage_PingWithoutControl_AnsweredWithPong()
    {
        var router = CreateRouter();

        Send(router, "v2", """{"t":"ping","id":7,"ts":1234.5}""", hasControl: false);

        Assert.Equal([("v2", """{"t":"pong","id":7,"ts":1234.5}""")], _replies);
    }

    [Fact]
    public void OnMessage_RepeatedPressAndStrayRelease_DroppedAsRedundant()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"k","c":"KeyB","d":true}""");
        Send(router, "v1", """{"t":"k","c":"KeyB","d":true}""");
        Send(router, "v1", """{"t":"k","c":"KeyC","d":false}""");

        Assert.Equal(["key 48 down"], _injector.Calls);
        Assert.Equal(2, router.GetStats().Dropped[DropReason.Redundant]);
    }

    [Fact]
    public void OnViewerGone_KeysAndButtonsHeld_ReleasesEveryOneNewestFirst()
    {
        var router = CreateRouter();
        Send(router, "v1", """{"t":"k","c":"ShiftLeft","d":true}""");
        Send(router, "v1", """{"t":"k","c":"KeyA","d":true}""");
        Send(router, "v1", """{"t":"pb","b":0,"d":true}""");
        _injector.Clear();

        router.OnViewerGone("v1");

        Assert.Equal(["key 30 up", "key 42 up", "button 272 up"], _injector.Calls);
    }

    [Fact]
    public void OnViewerGone_NothingHeld_SendsNothing()
    {
        var router = CreateRouter();
        Send(router, "v1", """{"t":"k","c":"KeyA","d":true}""");
        Send(router, "v1", """{"t":"k","c":"KeyA","d":false}""");
        _injector.Clear();

        router.OnViewerGone("v1");

        Assert.Empty(_injector.Calls);
    }

    [Fact]
    public void OnControlLost_KeyHeld_ReleasesIt_AndLaterInputIsRefused()
    {
        var router = CreateRouter();
        Send(router, "v1", """{"t":"k","c":"ControlLeft","d":true}""");

        router.OnControlLost("v1");
        Send(router, "v1", """{"t":"k","c":"ControlLeft","d":false}""", hasControl: false);

        Assert.Equal(["key 29 down", "key 29 up"], _injector.Calls);
        Assert.Equal(1, router.GetStats().Dropped[DropReason.NotControl]);
    }

    [Fact]
    public void OnMessage_ReleaseAll_ReleasesHeldKeys()
    {
        var router = CreateRouter();
        Send(router, "v1", """{"t":"k","c":"AltLeft","d":true}""");

        Send(router, "v1", """{"t":"ra"}""");

        Assert.Equal(["key 56 down", "key 56 up"], _injector.Calls);
    }

    [Fact]
    public void OnViewerGone_KeyAlsoHeldByOtherViewer_KeepsItPressed()
    {
        var router = CreateRouter();
        Send(router, "v1", """{"t":"k","c":"ShiftLeft","d":true}""");
        Send(router, "v2", """{"t":"k","c":"ShiftLeft","d":true}""");

        router.OnViewerGone("v1");

        Assert.Equal(["key 42 down"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_BeyondBurst_RateLimited_ThenRefills()
    {
        var router = CreateRouter(new InputRouterOptions(EventsPerSecond: 100, Burst: 10));

        for (var i = 0; i < 15; i++)
        {
            Send(router, "v1", """{"t":"pm","x":0.5,"y":0.5}""");
        }

        _time.Advance(TimeSpan.FromMilliseconds(50)); // 5 tokens back
        for (var i = 0; i < 5; i++)
        {
            Send(router, "v1", """{"t":"pm","x":0.5,"y":0.5}""");
        }

        var stats = router.GetStats();
        Assert.Equal(15, stats.Accepted);
        Assert.Equal(5, stats.Dropped[DropReason.RateLimited]);
    }

    [Fact]
    public void OnMessage_ManyBadMessages_OneErrorPerInterval()
    {
        var router = CreateRouter();

        for (var i = 0; i < 5; i++)
        {
            Send(router, "v1", "not json");
        }

        _time.Advance(TimeSpan.FromSeconds(1.5));
        Send(router, "v1", """{"t":"pm"}""");

        Assert.Equal(2, _replies.Count);
        Assert.All(_replies, r => Assert.Contains("\"t\":\"error\"", r.Json, StringComparison.Ordinal));
        Assert.Equal(5, router.GetStats().Dropped[DropReason.Malformed]);
        Assert.Equal(1, router.GetStats().Dropped[DropReason.MissingField]);
    }

    [Fact]
    public void OnMessage_InjectorThrows_CountedAndNextEventStillSent()
    {
        _injector.FailOn = "key 30 down";
        var router = CreateRouter();

        Send(router, "v1", """{"t":"k","c":"KeyA","d":true}""");
        Send(router, "v1", """{"t":"pm","x":0,"y":0}""");

        Assert.Equal(1, router.GetStats().Dropped[DropReason.InjectorFailed]);
        Assert.Equal(["move 0 0"], _injector.Calls);
    }

    [Fact]
    public async Task OnMessage_AsyncInjector_KeepsOrderAndRecordsLatency()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _injector.KeyGate = gate.Task;
        var router = CreateRouter();

        Send(router, "v1", """{"t":"k","c":"KeyA","d":true}""");
        Send(router, "v1", """{"t":"pm","x":0,"y":0}""");
        Assert.Equal(["key 30 down"], _injector.Calls); // the move waits for the key

        gate.SetResult();
        await router.FlushAsync(CancellationToken.None);

        Assert.Equal(["key 30 down", "move 0 0"], _injector.Calls);
        Assert.Equal(2, router.GetStats().LatencySamples);
    }
}
