namespace WlWebRtc.Session;

/// <summary>The compositor of a headless session (<c>session.compositor</c>).</summary>
public enum SessionCompositor
{
    /// <summary>sway when it is installed, else mutter (sway first: smaller, and it has a panel and an output per monitor).</summary>
    Auto,

    /// <summary>sway on wlroots' headless backend, with xdg-desktop-portal-wlr; the server captures through the portal.</summary>
    Sway,

    /// <summary>mutter --headless; the server captures and injects through Mutter's own D-Bus APIs (gnome plugins).</summary>
    Mutter,
}
