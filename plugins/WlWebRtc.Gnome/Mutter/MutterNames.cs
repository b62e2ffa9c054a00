namespace WlWebRtc.Gnome.Mutter;

/// <summary>Mutter's D-Bus names, object paths and interfaces (mutter's own introspection data).</summary>
internal static class MutterNames
{
    public const string ScreenCast = "org.gnome.Mutter.ScreenCast";
    public const string ScreenCastPath = "/org/gnome/Mutter/ScreenCast";
    public const string ScreenCastSession = "org.gnome.Mutter.ScreenCast.Session";
    public const string ScreenCastStream = "org.gnome.Mutter.ScreenCast.Stream";

    public const string RemoteDesktop = "org.gnome.Mutter.RemoteDesktop";
    public const string RemoteDesktopPath = "/org/gnome/Mutter/RemoteDesktop";
    public const string RemoteDesktopSession = "org.gnome.Mutter.RemoteDesktop.Session";

    public const string DisplayConfig = "org.gnome.Mutter.DisplayConfig";
    public const string DisplayConfigPath = "/org/gnome/Mutter/DisplayConfig";
}
