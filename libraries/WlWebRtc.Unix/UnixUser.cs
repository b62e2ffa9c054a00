namespace WlWebRtc.Unix;

/// <summary>The identity of this process as the kernel sees it.</summary>
public static class UnixUser
{
    /// <summary>The real user id (getuid), e.g. for D-Bus SASL EXTERNAL.</summary>
    public static uint RealUserId => Interop.Libc.GetUid();
}
