using System.Runtime.InteropServices;

namespace WlWebRtc.Session.Processes;

/// <summary>libc: the effective user (the session's programs must not run as root).</summary>
internal static partial class Interop
{
    private const string LibC = "libc";

    [LibraryImport(LibC, EntryPoint = "geteuid")]
    public static partial uint GetEffectiveUserId();
}
