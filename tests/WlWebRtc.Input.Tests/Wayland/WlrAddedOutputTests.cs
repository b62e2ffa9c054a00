using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Input.Tests.Desktop;
using WlWebRtc.Input.WlrVirtualInput.Injection;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Wayland;

/// <summary>
/// Issue 16: an output added to sway after the virtual input devices were created gets a pointer mapping of its own
/// when the capture watches it (the injector binds wl_outputs the compositor announces later). A desktop of its own
/// (an output is added); in the desktop collection so that it does not run beside the other desktop tests.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class WlrAddedOutputTests
{
    private const int LeftButton = 272;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task FollowWatchedOutput_OutputAddedAfterStart_PointerBoundToItAndClickLandsThere()
    {
        using var desktop = await HeadlessDesktop.StartAsync(new HeadlessDesktopOptions(640, 480, "#203040"));
        string? watched = HeadlessDesktop.OutputName;
        await using var injector = await WlrInputInjector.CreateAsync(
            new WlrInjectorOptions(Path.Combine(desktop.RuntimeDirectory, desktop.WaylandDisplay), 640, 480, HeadlessDesktop.OutputName)
            {
                WatchedOutput = () => Volatile.Read(ref watched),
            },
            NullLogger.Instance,
            CancellationToken.None);

        var added = await desktop.AddOutputAsync(800, 600, 640, "#406030");
        await desktop.SwayMsgAsync("focus", "output", HeadlessDesktop.OutputName);
        Volatile.Write(ref watched, added);

        // the middle of the watched picture: on the added output (on the whole layout it would be on the first)
        await Poll.UntilAsync(
            async () =>
            {
                await injector.MovePointerAbsoluteAsync(0.5, 0.5, CancellationToken.None);
                await injector.PointerButtonAsync(LeftButton, true, CancellationToken.None);
                await injector.PointerButtonAsync(LeftButton, false, CancellationToken.None);
                return await FocusedOutputAsync(desktop) == added;
            },
            "a click to land on the added output",
            Timeout,
            TimeSpan.FromMilliseconds(250));

        Assert.Equal(added, injector.PointerOutput);
    }

    private static async Task<string?> FocusedOutputAsync(HeadlessDesktop desktop)
    {
        using var outputs = JsonDocument.Parse(await desktop.SwayMsgAsync("-t", "get_outputs", "-r"));
        return outputs.RootElement.EnumerateArray().FirstOrDefault(o => o.GetProperty("focused").GetBoolean()) is { ValueKind: JsonValueKind.Object } focused
            ? focused.GetProperty("name").GetString()
            : null;
    }
}
