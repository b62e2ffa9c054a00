using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware;
using WlWebRtc.Host.Hardware.Session;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class SessionDetectorTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private static Task<SessionInfo> DetectAsync(Dictionary<string, string> variables) =>
        new SessionDetector(new FakeEnvironment(variables), new DetectionGuard(TimeSpan.FromSeconds(10), NullLogger.Instance))
            .DetectAsync(CancellationToken.None);

    [Fact]
    public async Task DetectAsync_EmptyEnvironment_EverythingAbsentWithReasons()
    {
        var session = await DetectAsync([]);

        Assert.False(session.Wayland.IsPresent);
        Assert.Equal("WAYLAND_DISPLAY is not set (no Wayland session in this environment)", session.Wayland.Reason);
        Assert.Null(session.WaylandDisplay);
        Assert.Null(session.CurrentDesktop);
        Assert.False(session.PipeWire.IsPresent);
        Assert.Equal("neither PIPEWIRE_RUNTIME_DIR nor XDG_RUNTIME_DIR is set, so the PipeWire socket 'pipewire-0' cannot be found", session.PipeWire.Reason);
    }

    [Fact]
    public async Task DetectAsync_WaylandNameWithoutRuntimeDir_AbsentSayingSo()
    {
        var session = await DetectAsync(new() { ["WAYLAND_DISPLAY"] = "wayland-1" });

        Assert.False(session.Wayland.IsPresent);
        Assert.Contains("XDG_RUNTIME_DIR is not set", session.Wayland.Reason, StringComparison.Ordinal);
        Assert.Equal("wayland-1", session.WaylandDisplay);
    }

    [Fact]
    public async Task DetectAsync_WaylandSocketMissing_AbsentNamingThePath()
    {
        var runtime = _tree.Dir("xdg");

        var session = await DetectAsync(new() { ["WAYLAND_DISPLAY"] = "wayland-1", ["XDG_RUNTIME_DIR"] = runtime });

        Assert.False(session.Wayland.IsPresent);
        Assert.Equal($"WAYLAND_DISPLAY is 'wayland-1' but no socket at {Path.Combine(runtime, "wayland-1")}", session.Wayland.Reason);
    }

    [Fact]
    public async Task DetectAsync_WaylandSocketNobodyListens_AbsentSayingRefused()
    {
        _tree.RefusingSocket("xdg/wayland-1");

        var session = await DetectAsync(new() { ["WAYLAND_DISPLAY"] = "wayland-1", ["XDG_RUNTIME_DIR"] = _tree.PathOf("xdg") });

        Assert.False(session.Wayland.IsPresent);
        Assert.Contains("does not accept connections", session.Wayland.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetectAsync_WaylandSocketListening_Present()
    {
        var socket = _tree.ListeningSocket("xdg/wayland-1");

        var session = await DetectAsync(new() { ["WAYLAND_DISPLAY"] = "wayland-1", ["XDG_RUNTIME_DIR"] = _tree.PathOf("xdg") });

        Assert.True(session.Wayland.IsPresent, session.Wayland.Reason);
        Assert.Equal($"Wayland compositor at {socket}", session.Wayland.Reason);
    }

    [Fact]
    public async Task DetectAsync_AbsoluteWaylandDisplay_UsedWithoutRuntimeDir()
    {
        var socket = _tree.ListeningSocket("elsewhere/wl");

        var session = await DetectAsync(new() { ["WAYLAND_DISPLAY"] = socket });

        Assert.True(session.Wayland.IsPresent, session.Wayland.Reason);
        Assert.Equal(socket, session.WaylandDisplay);
    }

    [Fact]
    public async Task DetectAsync_WaylandDisplayIsADirectory_Absent()
    {
        _tree.Dir("xdg/wayland-0");

        var session = await DetectAsync(new() { ["WAYLAND_DISPLAY"] = "wayland-0", ["XDG_RUNTIME_DIR"] = _tree.PathOf("xdg") });

        Assert.False(session.Wayland.IsPresent);
        Assert.Contains("is a directory", session.Wayland.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DetectAsync_PipeWireDefaultSocketInRuntimeDir_Present()
    {
        var socket = _tree.ListeningSocket("xdg/pipewire-0");

        var session = await DetectAsync(new() { ["XDG_RUNTIME_DIR"] = _tree.PathOf("xdg") });

        Assert.True(session.PipeWire.IsPresent, session.PipeWire.Reason);
        Assert.Equal($"PipeWire at {socket}", session.PipeWire.Reason);
    }

    [Fact]
    public async Task DetectAsync_PipeWireRemoteAndRuntimeDirOverride_Followed()
    {
        var socket = _tree.ListeningSocket("pw/custom");
        _tree.ListeningSocket("xdg/pipewire-0");

        var session = await DetectAsync(new()
        {
            ["XDG_RUNTIME_DIR"] = _tree.PathOf("xdg"),
            ["PIPEWIRE_RUNTIME_DIR"] = _tree.PathOf("pw"),
            ["PIPEWIRE_REMOTE"] = "custom",
        });

        Assert.Equal($"PipeWire at {socket}", session.PipeWire.Reason);
    }

    [Fact]
    public async Task DetectAsync_PipeWireSocketMissing_AbsentNamingThePath()
    {
        var session = await DetectAsync(new() { ["XDG_RUNTIME_DIR"] = _tree.Dir("xdg") });

        Assert.False(session.PipeWire.IsPresent);
        Assert.Equal($"PipeWire: no socket at {_tree.PathOf("xdg/pipewire-0")}", session.PipeWire.Reason);
    }
}
