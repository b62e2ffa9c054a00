namespace WlWebRtc.Keysyms;

/// <summary>Where a key event of the viewer goes under <see cref="KeysymTyping"/>.</summary>
public enum KeyRoute
{
    /// <summary>As the physical key (its evdev code): Enter, arrows, modifiers for shortcuts.</summary>
    Physical,

    /// <summary>As the character it produced on the viewer: its keysym pressed, held until the key is released.</summary>
    TypeCharacter,

    /// <summary>The release of a key routed <see cref="TypeCharacter"/>: its keysym released.</summary>
    ReleaseCharacter,

    /// <summary>Not at all: AltGr, Caps Lock and dead keys (what they give comes with the next keys), the viewer's repeat of a typed key.</summary>
    Drop,
}
