namespace WlWebRtc.DBus.Protocol;

/// <summary>Limits from the D-Bus specification ("Valid Signatures", "Message Format").</summary>
internal static class DBusLimits
{
    public const int MaxMessageSize = 128 * 1024 * 1024;
    public const int MaxArrayLength = 64 * 1024 * 1024;
    public const int MaxSignatureLength = 255;
    public const int MaxArrayDepth = 32;
    public const int MaxStructDepth = 32;
    public const int MaxTotalDepth = 64;
    public const int MaxNameLength = 255;

    /// <summary>The kernel's SCM_MAX_FD: no message can carry more descriptors.</summary>
    public const int MaxUnixFds = 253;
}
