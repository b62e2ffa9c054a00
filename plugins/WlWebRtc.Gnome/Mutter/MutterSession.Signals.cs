using WlWebRtc.DBus;

namespace WlWebRtc.Gnome.Mutter;

/// <summary>Signals of the RemoteDesktop session for other features of the session (the clipboard), on the session's own connection.</summary>
internal sealed partial class MutterSession
{
    /// <summary>
    /// Subscribes to <paramref name="member"/> of the RemoteDesktop session, sent by Mutter itself (its unique name, so
    /// another client of the bus cannot fake it); the caller disposes the subscription. The handler runs on the
    /// connection's reader and must not wait for a reply.
    /// </summary>
    public async Task<DBusSubscription> SubscribeRemoteDesktopAsync(string member, Action<DBusMessage> handler, CancellationToken cancellationToken)
    {
        var owner = await _bus.GetNameOwnerAsync(MutterNames.RemoteDesktop, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new MutterException($"{MutterNames.RemoteDesktop} is no longer on the session bus");
        return await _bus.SubscribeAsync(
            new MatchRule { Sender = owner, Path = RemoteDesktopPath, Interface = MutterNames.RemoteDesktopSession, Member = member },
            handler,
            cancellationToken).ConfigureAwait(false);
    }
}
