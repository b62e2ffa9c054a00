using System.Runtime.InteropServices;

namespace WlWebRtc.FFmpeg;

internal static partial class Interop
{
    /// <summary>libc: the process's CPU time with microsecond resolution (/proc counts in 10 ms ticks).</summary>
    internal static unsafe partial class Libc
    {
        internal const int RUSAGE_SELF = 0;

        /// <summary>struct rusage on 64-bit Linux: two timevals then fourteen longs (144 bytes).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct RUsage
        {
            public long UserSeconds;
            public long UserMicroseconds;
            public long SystemSeconds;
            public long SystemMicroseconds;
            public fixed long Rest[14];
        }

        [LibraryImport("libc", SetLastError = true)]
        internal static partial int getrusage(int who, RUsage* usage);
    }
}
