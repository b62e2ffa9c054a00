using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Hardware;
using WlWebRtc.Input.Tests.Desktop;
using WlWebRtc.Input.Tests.Support;
using WlWebRtc.Input.WlrVirtualInput;
using WlWebRtc.Plugins;
using WlWebRtc.Testing;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Wayland;

[Collection(DesktopGroup.Name)]
public sealed class WlrVirtualInputPluginTests(HeadlessDesktop desktop)
{
    private static PluginContext Context(string display) =>
        new(TestSettings.Create(new Dictionary<string, string?> { ["display"] = display }), TestSettings.Empty, HardwareInventory.Empty, NullLoggerFactory.Instance);

    [Fact]
    public async Task ProbeAsync_Sway_AvailableNamingBothProtocols()
    {
        var result = await new WlrVirtualInputPlugin().ProbeAsync(Context(RoutedInput.SocketPath(desktop)), CancellationToken.None);

        Assert.True(result.IsAvailable, result.Reason);
        Assert.Contains("zwlr_virtual_pointer_manager_v1 v2", result.Reason, StringComparison.Ordinal);
        Assert.Contains("zwp_virtual_keyboard_manager_v1 v1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_NoSocket_UnavailableWithReason()
    {
        var result = await new WlrVirtualInputPlugin().ProbeAsync(Context("/nonexistent/wayland-9"), CancellationToken.None);

        Assert.False(result.IsAvailable);
        Assert.Contains("/nonexistent/wayland-9", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSettings_UnknownKey_Reported()
    {
        var errors = new WlrVirtualInputPlugin().ValidateSettings(TestSettings.Create(new Dictionary<string, string?> { ["dispaly"] = "x", ["keymap_settle_ms"] = "-1" }));

        Assert.Equal(["dispaly", "keymap_settle_ms"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task CreateInjectorAsync_Sway_MapsOntoNamedOutputAndTypes()
    {
        var (width, height) = desktop.OutputSize;
        var target = new InputTarget(NSubstitute.Substitute.For<Capture.ICaptureSource>(), width, height) { OutputName = HeadlessDesktop.OutputName };

        await using var injector = await new WlrVirtualInputPlugin().CreateInjectorAsync(target, Context(RoutedInput.SocketPath(desktop)), CancellationToken.None);
        await injector.MovePointerAbsoluteAsync(0.5, 0.5, CancellationToken.None);
        await injector.KeyAsync(42, true, CancellationToken.None);
        await injector.ReleaseAllAsync(CancellationToken.None);

        Assert.Equal(HeadlessDesktop.OutputName, Assert.IsType<WlrVirtualInput.Injection.WlrInputInjector>(injector).MappedTo);
    }
}
