using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.RemoteInput.Protocol;
using WlWebRtc.RemoteInput.Tests.Support;
using WlWebRtc.Testing;

namespace WlWebRtc.RemoteInput.Tests;

/// <summary>
/// The router with an injector that has the keyboard-text capability: key values and text reach it, the keymap
/// follows the controlling viewer's layout (or the configured one), at most once per interval; without the
/// capability, key values are ignored and text is not typed.
/// </summary>
#pragma warning disable CA1001 // the recording injector holds nothing to dispose
public sealed class KeyboardTextRoutingTests
#pragma warning restore CA1001
{
    private readonly RecordingTextInjector _injector = new();
    private readonly ManualTimeProvider _time = new(start: TimeSpan.FromSeconds(1));

    private InputRouter CreateRouter(InputRouterOptions? options = null, RecordingInjector? injector = null) =>
        new(injector ?? _injector, (_, _) => { }, options ?? InputRouterOptions.Default, _time, NullLogger<InputRouter>.Instance);

    private static void Send(InputRouter router, string viewer, string json, bool hasControl = true) => router.OnMessage(viewer, hasControl, Json.Utf8(json));

    [Fact]
    public void OnMessage_KeyWithValue_ReachesTheTextInjectorWithIt()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"k","c":"Quote","k":"ä","d":true}""");
        Send(router, "v1", """{"t":"k","c":"Quote","k":"ä","d":false}""");
        Send(router, "v1", """{"t":"k","c":"KeyA","d":true}""");

        Assert.Equal(["text-key 40 down ä", "text-key 40 up ä", "key 30 down"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_KeyWithValue_PlainInjector_GetsThePhysicalKey()
    {
        var plain = new RecordingInjector();
        var router = CreateRouter(injector: plain);

        Send(router, "v1", """{"t":"k","c":"Quote","k":"ä","d":true}""");
        Send(router, "v1", """{"t":"tx","s":"日本"}""");

        Assert.Equal(["key 40 down"], plain.Calls);
    }

    [Fact]
    public void OnMessage_Text_Typed()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"tx","s":"日本語"}""");

        Assert.Equal(["type 日本語"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_TextOrLayoutWithoutControl_DroppedAsNotControl()
    {
        var router = CreateRouter();

        Send(router, "v2", """{"t":"tx","s":"x"}""", hasControl: false);
        Send(router, "v2", """{"t":"kl","l":"de"}""", hasControl: false);

        Assert.Empty(_injector.Calls);
        Assert.Equal(2, router.GetStats().Dropped[DropReason.NotControl]);
    }

    [Fact]
    public void OnMessage_AutoLayout_FollowsTheControllingViewersReport()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"kl","l":"de(nodeadkeys)"}""");
        Send(router, "v1", """{"t":"kl","l":"de(nodeadkeys)"}""");

        Assert.Equal(["layout de nodeadkeys"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_AutoLayout_EmptyReport_KeepsTheKeymap()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"kl","l":""}""");

        Assert.Empty(_injector.Calls);
        Assert.Equal(1, router.GetStats().Accepted);
    }

    [Fact]
    public void OnMessage_LayoutChangesFasterThanTheInterval_LaterOneAppliedOnceTheIntervalPassed()
    {
        var router = CreateRouter();

        Send(router, "v1", """{"t":"kl","l":"de"}""");
        Send(router, "v1", """{"t":"kl","l":"fr"}""");
        Send(router, "v1", """{"t":"kl","l":"us"}""");
        _time.Advance(TimeSpan.FromSeconds(1));
        Send(router, "v1", """{"t":"k","c":"KeyA","d":true}""");
        Assert.Equal(["layout de", "key 30 down"], _injector.Calls);

        _time.Advance(TimeSpan.FromSeconds(1));
        Send(router, "v1", """{"t":"k","c":"KeyA","d":false}""");

        Assert.Equal(["layout de", "key 30 down", "layout us", "key 30 up"], _injector.Calls);
    }

    [Fact]
    public void OnMessage_ControlMovesToAnotherViewer_KeymapFollowsTheNewController()
    {
        var router = CreateRouter(InputRouterOptions.Default with { LayoutChangeInterval = TimeSpan.Zero });

        Send(router, "v1", """{"t":"kl","l":"de"}""");
        Send(router, "v2", """{"t":"kl","l":"fr"}""", hasControl: false);
        Send(router, "v2", """{"t":"kl","l":"fr"}""");

        Assert.Equal(["layout de", "layout fr"], _injector.Calls);
    }

    [Fact]
    public void OnViewerGone_ViewerWhoseLayoutApplied_DesktopLayoutRestoredAndTheNextReportApplies()
    {
        var router = CreateRouter(InputRouterOptions.Default with { LayoutChangeInterval = TimeSpan.Zero });
        Send(router, "v1", """{"t":"kl","l":"de"}""");

        router.OnViewerGone("v2"); // not the one whose layout is applied
        router.OnViewerGone("v1");
        router.OnViewerGone("v1");
        Send(router, "v2", """{"t":"kl","l":"de"}""");

        Assert.Equal(["layout de", "restore layout", "layout de"], _injector.Calls);
    }

    [Fact]
    public void OnControlLost_ViewerWhoseLayoutApplied_DesktopLayoutRestored()
    {
        var router = CreateRouter();
        Send(router, "v1", """{"t":"kl","l":"fr"}""");

        router.OnControlLost("v1");

        Assert.Equal(["layout fr", "restore layout"], _injector.Calls);
    }

    [Fact]
    public void OnViewerGone_FixedLayout_NothingRestored()
    {
        var router = CreateRouter(InputRouterOptions.Default with { KeyboardLayout = "fr" });
        Send(router, "v1", """{"t":"k","c":"KeyA","k":"a","d":true}""");

        router.OnViewerGone("v1");

        Assert.DoesNotContain("restore layout", _injector.Calls);
    }

    [Fact]
    public void Constructor_FixedLayout_SetAtOnce_ViewerReportsIgnored()
    {
        var router = CreateRouter(InputRouterOptions.Default with { KeyboardLayout = "fr" });

        Send(router, "v1", """{"t":"kl","l":"de"}""");

        Assert.Equal(["layout fr"], _injector.Calls);
    }

    [Theory]
    [InlineData("German")]
    [InlineData("de(")]
    [InlineData("")]
    public void Options_KeyboardLayoutNotAName_Rejected(string layout)
    {
        Assert.Throws<ArgumentException>(() => (InputRouterOptions.Default with { KeyboardLayout = layout }).Validate());
    }
}
