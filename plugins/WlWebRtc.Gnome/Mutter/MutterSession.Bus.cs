namespace WlWebRtc.Gnome.Mutter;

/// <summary>Questions about the session bus the Mutter session is on.</summary>
internal sealed partial class MutterSession
{
    /// <summary>GNOME Shell's name: owned when the compositor is gnome-shell (its keymap follows the input sources), not when it is mutter alone.</summary>
    public const string ShellName = "org.gnome.Shell";

    /// <summary>Whether <paramref name="name"/> is owned on the session's bus.</summary>
    public Task<bool> NameHasOwnerAsync(string name, CancellationToken cancellationToken) => _bus.NameHasOwnerAsync(name, cancellationToken: cancellationToken);
}
