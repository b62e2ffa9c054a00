using System.Runtime.InteropServices;

namespace WlWebRtc.Unix;

internal static partial class Interop
{
    /// <summary>The calls for moving bytes through a pipe another process holds (clipboard transfers): non-blocking read/write and poll.</summary>
    internal static unsafe partial class Libc
    {
        public const int F_GETFL = 3;
        public const int F_SETFL = 4;
        public const int O_NONBLOCK = 0x800;
        public const short POLLIN = 0x1;
        public const short POLLOUT = 0x4;
        public const short POLLERR = 0x8;
        public const short POLLHUP = 0x10;

        [StructLayout(LayoutKind.Sequential)]
        public struct PollFd
        {
            public int Fd;
            public short Events;
            public short Revents;
        }

        [LibraryImport(LibraryName, EntryPoint = "read", SetLastError = true)]
        public static partial nint Read(UnixFd fd, byte* buffer, nuint count);

        [LibraryImport(LibraryName, EntryPoint = "write", SetLastError = true)]
        public static partial nint Write(UnixFd fd, byte* buffer, nuint count);

        [LibraryImport(LibraryName, EntryPoint = "poll", SetLastError = true)]
        public static partial int Poll(PollFd* fds, nuint count, int timeoutMilliseconds);
    }
}
