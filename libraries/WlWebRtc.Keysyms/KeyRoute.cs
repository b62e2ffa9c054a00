namespace WlWebRtc.Keysyms;

/// <summary>Where a key event of the viewer goes under <see cref="KeysymTyping"/>.</summary>
public enum KeyRoute
{
    /// <summary>As the physical key (its evdev code): Enter, arrows, modifiers for shortcuts.</summary>
    Physical,

    /// <summary>As the character it produced on the viewer, typed as a keysym.</summary>
    TypeCharacter,

    /// <summary>Not at all: AltGr, Caps Lock and dead keys (what they give comes with the next keys), a typed key's release or repeat.</summary>
    Drop,
}
