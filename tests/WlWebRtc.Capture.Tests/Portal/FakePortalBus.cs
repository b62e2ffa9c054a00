using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Portal.Configuration;
using WlWebRtc.Portal.Session;
using WlWebRtc.DBus;
using WlWebRtc.DBus.Tests.Fixtures;
using WlWebRtc.DBus.Tests.Portals;
using WlWebRtc.Testing;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>
/// A private dbus-daemon with the fake xdg-desktop-portal (ScreenCast and RemoteDesktop) on it, and a portal
/// environment aimed at it with a fresh restore-token directory. No PipeWire: the portal part of the capture only.
/// </summary>
internal sealed class FakePortalBus : IAsyncDisposable
{
    private readonly DBusDaemon _daemon;
    private readonly DBusConnection _service;

    private FakePortalBus(DBusDaemon daemon, DBusConnection service, FakePortal portal)
    {
        _daemon = daemon;
        _service = service;
        Portal = portal;
        StateDirectory = Directory.CreateTempSubdirectory("wlwebrtc-rd-state-").FullName;
        Environment = new PortalEnvironment(daemon.Address, StateDirectory);
    }

    public FakePortal Portal { get; }

    public string StateDirectory { get; }

    public PortalEnvironment Environment { get; }

    public static async Task<FakePortalBus> StartAsync()
    {
        var daemon = DBusDaemon.Start();
        var service = await daemon.ConnectAsync();
        return new FakePortalBus(daemon, service, await FakePortal.StartAsync(service));
    }

    public static PortalCaptureOptions Options(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var (options, errors) = PortalCaptureOptions.Parse(TestSettings.Create(settings ?? new Dictionary<string, string?>()));
        Assert.Empty(errors);
        return options;
    }

    /// <summary>The capture's portal handshake; the PipeWire fd (a pipe from the fake) is closed at once.</summary>
    public async Task<PortalCaptureSession> OpenAsync(bool inputRequested, IReadOnlyDictionary<string, string?>? settings = null)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        var (session, fd) = await PortalCaptureSession.OpenAsync(Options(settings), inputRequested, Environment, NullLogger.Instance, timeout.Token);
        new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true).Dispose();
        return session;
    }

    /// <summary>The portal methods the fake received, in order (property reads are not recorded).</summary>
    public IReadOnlyList<string> Methods => [.. Portal.Calls.Select(c => c.Method)];

    public async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await _service.DisposeAsync();
        _daemon.Dispose();
        Directory.Delete(StateDirectory, recursive: true);
    }
}
