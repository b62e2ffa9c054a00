namespace WlWebRtc.DBus.Portals;

/// <summary>Bus names, paths and interfaces of xdg-desktop-portal.</summary>
public static class PortalNames
{
    public const string Service = "org.freedesktop.portal.Desktop";
    public const string ObjectPath = "/org/freedesktop/portal/desktop";
    public const string ScreenCast = "org.freedesktop.portal.ScreenCast";
    public const string RemoteDesktop = "org.freedesktop.portal.RemoteDesktop";
    public const string Request = "org.freedesktop.portal.Request";
    public const string Session = "org.freedesktop.portal.Session";
}
