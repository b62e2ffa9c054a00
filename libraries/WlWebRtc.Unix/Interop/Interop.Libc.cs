using System.Runtime.InteropServices;

namespace WlWebRtc.Unix;

internal static partial class Interop
{
    /// <summary>The libc calls .NET does not wrap: sendmsg/recvmsg with SCM_RIGHTS, memfd_create, getuid, kill.</summary>
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
        public const uint MFD_CLOEXEC = 1;
        public const uint MFD_ALLOW_SEALING = 2;
        public const int F_ADD_SEALS = 1033;
        public const int F_SEAL_SEAL = 1;
        public const int F_SEAL_SHRINK = 2;
        public const int F_SEAL_GROW = 4;
        public const int F_SEAL_WRITE = 8;

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

        [LibraryImport(LibraryName, EntryPoint = "kill", SetLastError = true)]
        public static partial int Kill(int pid, int signal);

        [LibraryImport(LibraryName, EntryPoint = "socket", SetLastError = true)]
        public static partial int Socket(int domain, int type, int protocol);

        [LibraryImport(LibraryName, EntryPoint = "socketpair", SetLastError = true)]
        public static partial int SocketPair(int domain, int type, int protocol, int* fds);

        [LibraryImport(LibraryName, EntryPoint = "connect", SetLastError = true)]
        public static partial int Connect(UnixFd fd, byte* address, uint addressLength);

        [LibraryImport(LibraryName, EntryPoint = "sendmsg", SetLastError = true)]
        public static partial nint SendMsg(UnixFd fd, MsgHdr* message, int flags);

        [LibraryImport(LibraryName, EntryPoint = "recvmsg", SetLastError = true)]
        public static partial nint RecvMsg(UnixFd fd, MsgHdr* message, int flags);

        [LibraryImport(LibraryName, EntryPoint = "setsockopt", SetLastError = true)]
        public static partial int SetSockOpt(UnixFd fd, int level, int name, void* value, uint length);

        [LibraryImport(LibraryName, EntryPoint = "shutdown", SetLastError = true)]
        public static partial int Shutdown(UnixFd fd, int how);

        [LibraryImport(LibraryName, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int MemfdCreate(string name, uint flags);

        [LibraryImport(LibraryName, EntryPoint = "fcntl", SetLastError = true)]
        public static partial int Fcntl(UnixFd fd, int command, int argument);

        [LibraryImport(LibraryName, EntryPoint = "close", SetLastError = true)]
        public static partial int Close(int fd);

        [LibraryImport(LibraryName, EntryPoint = "getuid")]
        public static partial uint GetUid();

        /// <summary>CMSG_ALIGN: control messages are padded to the size of a pointer.</summary>
        public static nuint CMsgAlign(nuint length) => (length + (nuint)sizeof(nuint) - 1) & ~((nuint)sizeof(nuint) - 1);

        /// <summary>CMSG_LEN for <paramref name="fdCount"/> descriptors.</summary>
        public static int CMsgLength(int fdCount) => sizeof(CMsgHdr) + (fdCount * sizeof(int));

        /// <summary>CMSG_SPACE for <paramref name="fdCount"/> descriptors.</summary>
        public static int CMsgSpace(int fdCount) => (int)CMsgAlign((nuint)CMsgLength(fdCount));
    }
}
