using WlWebRtc.DBus;

namespace WlWebRtc.Testing.DBus;

/// <summary>
/// A private dbus-daemon with the fake xdg-desktop-portal (ScreenCast and RemoteDesktop) on it, and a fresh
/// restore-token directory. No PipeWire: the portal part of a capture or an input session only. What a portal
/// client makes of it (its environment, its options) belongs to that client's tests.
/// </summary>
public sealed class FakePortalBus : IAsyncDisposable
{
    private readonly DBusDaemon _daemon;
    private readonly DBusConnection _service;

    private FakePortalBus(DBusDaemon daemon, DBusConnection service, FakePortal portal)
    {
        _daemon = daemon;
        _service = service;
        Portal = portal;
        StateDirectory = Directory.CreateTempSubdirectory("wlwebrtc-rd-state-").FullName;
    }

    public FakePortal Portal { get; }

    /// <summary>The bus address a portal client connects to.</summary>
    public string Address => _daemon.Address;

    /// <summary>Where a client keeps its restore token for this bus.</summary>
    public string StateDirectory { get; }

    /// <summary>The portal methods the fake received, in order (property reads are not recorded).</summary>
    public IReadOnlyList<string> Methods => [.. Portal.Calls.Select(c => c.Method)];

    public static async Task<FakePortalBus> StartAsync()
    {
        var daemon = DBusDaemon.Start();
        var service = await daemon.ConnectAsync();
        return new FakePortalBus(daemon, service, await FakePortal.StartAsync(service));
    }

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _service.DisposeAsync();
        _daemon.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
