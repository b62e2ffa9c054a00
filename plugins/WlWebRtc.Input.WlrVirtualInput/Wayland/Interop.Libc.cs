using System.Runtime.InteropServices;

namespace WlWebRtc.Input.WlrVirtualInput.Wayland;

/// <summary>The libc calls .NET sockets do not offer: sendmsg with SCM_RIGHTS (the keymap fd) and memfd_create.</summary>
internal static unsafe partial class Interop
{
    internal static partial class Libc
    {
        private const string Library = "libc.so.6";

        public const int SolSocket = 1;
        public const int ScmRights = 1;
        public const int MsgNoSignal = 0x4000;
        public const uint MfdCloexec = 1;
        public const uint MfdAllowSealing = 2;
        public const int EIntr = 4;

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

        [LibraryImport(Library, EntryPoint = "sendmsg", SetLastError = true)]
        public static partial nint SendMsg(nint socket, MsgHdr* message, int flags);

        [LibraryImport(Library, EntryPoint = "memfd_create", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        public static partial int MemfdCreate(string name, uint flags);
    }
}
