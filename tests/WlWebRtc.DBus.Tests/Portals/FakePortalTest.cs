using WlWebRtc.Testing.DBus;


namespace WlWebRtc.DBus.Tests.Portals;

/// <summary>
/// The set-up every portal-client test shares: a private dbus-daemon, the fake portal exported on one connection,
/// the client on another (a portal session belongs to the client's connection), and a fresh restore-token directory.
/// </summary>
public abstract class FakePortalTest : IAsyncLifetime
{
    private readonly DBusDaemon _daemon = DBusDaemon.Start();
    private DBusConnection _service = null!;

    protected string StateDirectory { get; } = Directory.CreateTempSubdirectory("wlwebrtc-state-").FullName;

    protected DBusConnection Client { get; private set; } = null!;

    protected FakePortal Portal { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _service = await _daemon.ConnectAsync();
        Client = await _daemon.ConnectAsync();
        Portal = await FakePortal.StartAsync(_service);
    }

    public async Task DisposeAsync()
    {
        await Portal.DisposeAsync();
        await Client.DisposeAsync();
        await _service.DisposeAsync();
        _daemon.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
