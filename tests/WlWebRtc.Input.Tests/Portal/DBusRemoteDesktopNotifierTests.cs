using WlWebRtc.DBus;
using WlWebRtc.Portal.Injection;
using WlWebRtc.Input.Tests.Desktop;
using WlWebRtc.Testing.DBus;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Input.Tests.Portal;

/// <summary>
/// The Notify* calls as they reach a fake RemoteDesktop portal object on a real dbus-daemon (the desktop's private
/// bus): member names, signatures and arguments. There is no GNOME or KDE here; this is the D-Bus layer only.
/// </summary>
[Collection(DesktopGroup.Name)]
public sealed class DBusRemoteDesktopNotifierTests(HeadlessDesktop desktop)
{
    private const string FakeService = "org.wlwebrtc.test.FakeRemoteDesktop";

    [Fact]
    public async Task NotifyCalls_ReachPortalObject_WithPortalSignatures()
    {
        await using var service = await DBusConnection.ConnectAsync(desktop.DBusSessionBusAddress);
        await service.RequestNameAsync(FakeService);
        var fake = new FakePortal();
        using var registration = service.RegisterObject("/org/freedesktop/portal/desktop", fake);
        await using var client = await DBusConnection.ConnectAsync(desktop.DBusSessionBusAddress);
        var session = new ObjectPath("/org/freedesktop/portal/desktop/session/1_2/t");
        var notifier = new DBusRemoteDesktopNotifier(client, FakeService, session, 57, TimeSpan.FromSeconds(5), owned: null);
        await using var injector = new PortalInputInjector(notifier, 1001, 501);

        await injector.MovePointerAbsoluteAsync(0.5, 0.5, CancellationToken.None);
        await injector.PointerButtonAsync(0x110, true, CancellationToken.None);
        await injector.PointerAxisAsync(PointerAxis.Vertical, 15, 1, CancellationToken.None);
        await injector.PointerAxisAsync(PointerAxis.Horizontal, 2.5, 0, CancellationToken.None);
        await injector.KeyAsync(30, true, CancellationToken.None);
        await injector.ReleaseAllAsync(CancellationToken.None);

        Assert.Equal(
            [
                "org.freedesktop.portal.RemoteDesktop.NotifyPointerMotionAbsolute(oa{sv}udd) 57 500 250",
                "org.freedesktop.portal.RemoteDesktop.NotifyPointerButton(oa{sv}iu) 272 1",
                "org.freedesktop.portal.RemoteDesktop.NotifyPointerAxisDiscrete(oa{sv}ui) 0 1",
                "org.freedesktop.portal.RemoteDesktop.NotifyPointerAxis(oa{sv}dd) 2.5 0",
                "org.freedesktop.portal.RemoteDesktop.NotifyKeyboardKeycode(oa{sv}iu) 30 1",
                "org.freedesktop.portal.RemoteDesktop.NotifyKeyboardKeycode(oa{sv}iu) 30 0",
                "org.freedesktop.portal.RemoteDesktop.NotifyPointerButton(oa{sv}iu) 272 0",
            ],
            fake.Calls);
        Assert.All(fake.Sessions, s => Assert.Equal(session.ToString(), s));
    }

    private sealed class FakePortal : IDBusObject
    {
        public List<string> Calls { get; } = [];

        public List<string> Sessions { get; } = [];

        public ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken)
        {
            lock (Calls)
            {
                var rest = string.Join(' ', message.Body.Skip(2).Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));
                Calls.Add($"{message.Interface}.{message.Member}({message.Signature}) {rest}");
                Sessions.Add(message.Body[0].ToString()!);
            }

            return ValueTask.FromResult(DBusReply.Empty);
        }
    }
}
