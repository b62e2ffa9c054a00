using System.Runtime.InteropServices;

namespace WlWebRtc.Portal.PipeWire;

internal static unsafe partial class Interop
{
    internal static partial class Libc
    {
        public const int SeekEnd = 2;

        public const int ErrorInterrupted = 4; // EINTR
        public const int ErrorTryAgain = 11; // EAGAIN
        public const int ErrorNotTty = 25; // ENOTTY: the file has no such ioctl

        /// <summary>ioctl(2) with one pointer argument (the variadic third argument is passed like a fixed one on Linux ABIs).</summary>
        [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
        public static partial int Ioctl(int fd, nuint request, void* argument);

        [LibraryImport(Library, EntryPoint = "lseek", SetLastError = true)]
        public static partial long Lseek(int fd, long offset, int whence);
    }
}
