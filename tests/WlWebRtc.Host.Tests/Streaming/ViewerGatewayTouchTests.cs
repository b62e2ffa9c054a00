using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using NSubstitute;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Server;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Input;
using WlWebRtc.RemoteInput;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Tests.Streaming;

#pragma warning disable CA2012 // NSubstitute configures ValueTask-returning members by calling them.

/// <summary>The role message tells the controlling viewer whether the input plugin has a touchscreen, also when input starts after its channel opened.</summary>
public sealed class ViewerGatewayTouchTests : IAsyncDisposable
{
    private static readonly SessionDescription Offer = new(SdpType.Offer, "v=0\r\n");
    private readonly ITransport _transport = Substitute.For<ITransport>();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _sent = new();
    private readonly VideoPipeline _pipeline;
    private readonly ViewerGateway _gateway;

    public ViewerGatewayTouchTests()
    {
        _transport.CreateSession(Arg.Any<PeerSessionOptions>(), Arg.Any<IPeerSessionObserver>()).Returns(call =>
        {
            var id = call.Arg<PeerSessionOptions>().Id;
            var sent = _sent.GetOrAdd(id, _ => new ConcurrentQueue<string>());
            var session = Substitute.For<IPeerSession>();
            session.Id.Returns(id);
            session.AcceptOfferAsync(Arg.Any<SessionDescription>(), Arg.Any<CancellationToken>())
                .Returns(new ValueTask<SessionDescription>(new SessionDescription(SdpType.Answer, "v=0\r\n")));
            session.SendDataAsync(Arg.Any<DataChannelMessage>(), Arg.Any<CancellationToken>()).Returns(message =>
            {
                sent.Enqueue(Encoding.UTF8.GetString(message.Arg<DataChannelMessage>().Data.Span));
                return ValueTask.CompletedTask;
            });
            return session;
        });
        var options = new EncoderOptions(new KindSelection(["auto"]), 8_000_000, 1_000_000, 20_000_000, TimeSpan.Zero);
        _pipeline = new VideoPipeline([], options, TimeProvider.System, NullLogger.Instance);
        _gateway = new ViewerGateway(_transport, new AccessTokens("view", "control-token"), new SharedAuthenticationGuard(TimeProvider.System), 4, _pipeline, NullLogger<ViewerGateway>.Instance);
    }

    [Fact]
    public async Task AttachInput_TouchInjectorAfterTheChannelOpened_ControllerToldTouchViewerNot()
    {
        var controller = (Viewer)await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.Control), CancellationToken.None);
        var watcher = (Viewer)await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.View), CancellationToken.None);
        ((IPeerSessionObserver)_gateway).OnDataChannelOpened(controller.Session, ViewerGateway.InputChannel);
        ((IPeerSessionObserver)_gateway).OnDataChannelOpened(watcher.Session, ViewerGateway.InputChannel);

        _gateway.AttachInput(Router(Substitute.For<IInputInjector, ITouchInjector>()));

        Assert.Equal(["""{"t":"role","role":"control"}""", """{"t":"role","role":"control","touch":true}"""], RoleMessages(controller));
        Assert.All(RoleMessages(watcher), m => Assert.Equal("""{"t":"role","role":"view"}""", m));
    }

    [Fact]
    public async Task AttachInput_InjectorWithoutTouch_RoleNotSentAgain()
    {
        var controller = (Viewer)await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.Control), CancellationToken.None);
        ((IPeerSessionObserver)_gateway).OnDataChannelOpened(controller.Session, ViewerGateway.InputChannel);

        _gateway.AttachInput(Router(Substitute.For<IInputInjector>()));

        Assert.Equal(["""{"t":"role","role":"control"}"""], RoleMessages(controller));
    }

    [Fact]
    public async Task OnDataChannelOpened_AfterATouchInjectorStarted_RoleSaysTouch()
    {
        _gateway.AttachInput(Router(Substitute.For<IInputInjector, ITouchInjector>()));
        var controller = (Viewer)await _gateway.ConnectAsync(Offer, new ViewerAccess(ViewerRole.Control), CancellationToken.None);

        ((IPeerSessionObserver)_gateway).OnDataChannelOpened(controller.Session, ViewerGateway.InputChannel);

        Assert.Equal(["""{"t":"role","role":"control","touch":true}"""], RoleMessages(controller));
    }

    public async ValueTask DisposeAsync() => await _pipeline.DisposeAsync();

    private InputRouter Router(IInputInjector injector) =>
        new(injector, _gateway.SendToViewer, InputRouterOptions.Default, TimeProvider.System, NullLogger<InputRouter>.Instance);

    private List<string> RoleMessages(Viewer viewer) =>
        [.. _sent.GetOrAdd(viewer.Id, _ => new ConcurrentQueue<string>()).Where(m => m.Contains("\"t\":\"role\"", StringComparison.Ordinal))];
}
