using System.Runtime.InteropServices;

namespace WlWebRtc.DBus;

internal static partial class Interop
{
    /// <summary>The few libc calls the unix socket transport needs (sendmsg/recvmsg carry SCM_RIGHTS descriptors).</summary>
    internal static unsafe partial class Libc
    {
        private const string LibraryName = "libc.so.6";

        public const int AF_UNIX = 1;
        public const int SOCK_STREAM = 1;
        public const int SOCK_CLOEXEC = 0x80000;
        public const int SOL_SOCKET = 1;
        public const int SCM_RIGHTS = 1;
        public const int SO_RCVTIMEO = 20;
        public const int SO_SNDTIMEO = 21;
        public const int MSG_NOSIGNAL = 0x4000;
        public const int MSG_CTRUNC = 0x8;
        public const int MSG_CMSG_CLOEXEC = 0x40000000;
        public const int SHUT_RDWR = 2;
        public const int EINTR = 4;
        public const int EAGAIN = 11;

        [StructLayout(LayoutKind.Sequential)]
        public struct IoVec
        {
            public void* Base;
            public nuint Length;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct MsgHdr
        {
            public void* Name;
            public uint NameLength;
            public IoVec* Iov;
            public nuint IovLength;
            public void* Control;
            public nuint ControlLength;
            public int Flags;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct CMsgHdr
        {
            public nuint Length;
            public int Level;
            public int Type;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct TimeVal
        {
            public nint Seconds;
            public nint Microseconds;
        }

        [LibraryImport(LibraryName, EntryPoint = "socket", SetLastError = true)]
        public static partial int Socket(int domain, int type, int protocol);

        [LibraryImport(LibraryName, EntryPoint = "connect", SetLastError = true)]
        public static partial int Connect(SafeSocketFd fd, byte* address, uint addressLength);

        [LibraryImport(LibraryName, EntryPoint = "sendmsg", SetLastError = true)]
        public static partial nint SendMsg(SafeSocketFd fd, MsgHdr* message, int flags);

        [LibraryImport(LibraryName, EntryPoint = "recvmsg", SetLastError = true)]
        public static partial nint RecvMsg(SafeSocketFd fd, MsgHdr* message, int flags);

        [LibraryImport(LibraryName, EntryPoint = "setsockopt", SetLastError = true)]
        public static partial int SetSockOpt(SafeSocketFd fd, int level, int name, void* value, uint length);

        [LibraryImport(LibraryName, EntryPoint = "shutdown", SetLastError = true)]
        public static partial int Shutdown(SafeSocketFd fd, int how);

        [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);

        [LibraryImport(LibraryName, EntryPoint = "getuid")]
        public static partial uint GetUid();

        public static nuint CMsgAlign(nuint length) => (length + (nuint)sizeof(nuint) - 1) & ~((nuint)sizeof(nuint) - 1);

        public static string ErrorText(int errno)
        {
            return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
        }
    }
}

/// <summary>A socket descriptor; closed when the last in-flight call using it returns.</summary>
internal sealed class SafeSocketFd : SafeHandle
{
    public SafeSocketFd()
        : base(-1, ownsHandle: true)
    {
    }

    public SafeSocketFd(int fd)
        : base(-1, ownsHandle: true)
    {
        SetHandle(fd);
    }

    public override bool IsInvalid => handle == -1;

    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle) == 0;
}
