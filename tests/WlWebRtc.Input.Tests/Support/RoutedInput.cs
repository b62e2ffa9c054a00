using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Input.WlrVirtualInput.Injection;
using WlWebRtc.RemoteInput;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Support;

/// <summary>The wlr injector on the test desktop, behind an <see cref="InputRouter"/> fed with viewer JSON messages.</summary>
internal sealed class RoutedInput : IAsyncDisposable
{
    private RoutedInput(WlrInputInjector injector, InputRouter router)
    {
        Injector = injector;
        Router = router;
    }

    public WlrInputInjector Injector { get; }

    public InputRouter Router { get; }

    public List<(string Viewer, string Json)> Replies { get; } = [];

    public static string SocketPath(HeadlessDesktop desktop) => Path.Combine(desktop.RuntimeDirectory, desktop.WaylandDisplay);

    public static async Task<RoutedInput> StartAsync(HeadlessDesktop desktop, InputRouterOptions? options = null)
    {
        var (width, height) = desktop.OutputSize;
        var injector = await WlrInputInjector.CreateAsync(
            new WlrInjectorOptions(SocketPath(desktop), width, height, HeadlessDesktop.OutputName),
            NullLogger.Instance,
            CancellationToken.None);
        RoutedInput? routed = null;
        var router = new InputRouter(
            injector,
            (viewer, json) =>
            {
                lock (routed!.Replies)
                {
                    routed.Replies.Add((viewer, System.Text.Encoding.UTF8.GetString(json.Span)));
                }
            },
            options ?? InputRouterOptions.Default,
            TimeProvider.System,
            NullLogger<InputRouter>.Instance);
        routed = new RoutedInput(injector, router);
        return routed;
    }

    /// <summary>Feeds the messages as the control viewer <paramref name="viewer"/> and waits until they are in the compositor's socket.</summary>
    public async Task SendAsync(string viewer, IEnumerable<byte[]> messages)
    {
        foreach (var message in messages)
        {
            Router.OnMessage(viewer, hasControl: true, message);
        }

        await Router.FlushAsync(CancellationToken.None);
    }

    public Task SendAsync(string viewer, params byte[][] messages) => SendAsync(viewer, (IEnumerable<byte[]>)messages);

    public ValueTask DisposeAsync() => Injector.DisposeAsync();
}
