using System.Runtime.InteropServices;

namespace WlWebRtc.Portal.PipeWire;

internal static unsafe partial class Interop
{
    /// <summary>libpipewire-0.3 (the only ABI PipeWire 0.3 and 1.x ship). Struct layouts checked by PipeWireLayoutTests.</summary>
    internal static partial class PipeWire
    {
        public const string Library = "libpipewire-0.3.so.0";

        public const int StreamEventsVersion = 2;
        public const uint IdAny = 0xffffffff;
        public const int DirectionInput = 0;

        public const int FlagAutoconnect = 1 << 0;
        public const int FlagMapBuffers = 1 << 2;
        public const int FlagDontReconnect = 1 << 7;

        private static readonly Lazy<string?> LoadFailure = new(() =>
        {
            if (!NativeLibrary.TryLoad(Library, typeof(PipeWire).Assembly, null, out var handle))
            {
                return $"{Library} not found (Debian package libpipewire-0.3-0)";
            }

            NativeLibrary.Free(handle);
            Init(null, null);
            return null;
        });

        /// <summary>Null when libpipewire loads (and pw_init ran once), else why not.</summary>
        public static string? Unavailable => LoadFailure.Value;

        [LibraryImport(Library, EntryPoint = "pw_init")]
        private static partial void Init(int* argc, byte*** argv);

        [LibraryImport(Library, EntryPoint = "pw_get_library_version")]
        public static partial byte* GetLibraryVersion();

        [LibraryImport(Library, EntryPoint = "pw_thread_loop_new", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint ThreadLoopNew(string name, void* properties);

        [LibraryImport(Library, EntryPoint = "pw_thread_loop_destroy")]
        public static partial void ThreadLoopDestroy(nint loop);

        [LibraryImport(Library, EntryPoint = "pw_thread_loop_start")]
        public static partial int ThreadLoopStart(nint loop);

        [LibraryImport(Library, EntryPoint = "pw_thread_loop_stop")]
        public static partial void ThreadLoopStop(nint loop);

        [LibraryImport(Library, EntryPoint = "pw_thread_loop_lock")]
        public static partial void ThreadLoopLock(nint loop);

        [LibraryImport(Library, EntryPoint = "pw_thread_loop_unlock")]
        public static partial void ThreadLoopUnlock(nint loop);

        [LibraryImport(Library, EntryPoint = "pw_thread_loop_get_loop")]
        public static partial nint ThreadLoopGetLoop(nint loop);

        [LibraryImport(Library, EntryPoint = "pw_context_new")]
        public static partial nint ContextNew(nint loop, nint properties, nuint userDataSize);

        [LibraryImport(Library, EntryPoint = "pw_context_destroy")]
        public static partial void ContextDestroy(nint context);

        /// <summary>Takes ownership of <paramref name="fd"/> (closed with the core).</summary>
        [LibraryImport(Library, EntryPoint = "pw_context_connect_fd")]
        public static partial nint ContextConnectFd(nint context, int fd, nint properties, nuint userDataSize);

        [LibraryImport(Library, EntryPoint = "pw_core_disconnect")]
        public static partial int CoreDisconnect(nint core);

        [LibraryImport(Library, EntryPoint = "pw_properties_new_string", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint PropertiesNewString(string text);

        [LibraryImport(Library, EntryPoint = "pw_properties_set", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int PropertiesSet(nint properties, string key, string? value);

        /// <summary>Takes ownership of <paramref name="properties"/>.</summary>
        [LibraryImport(Library, EntryPoint = "pw_stream_new", StringMarshalling = StringMarshalling.Utf8)]
        public static partial nint StreamNew(nint core, string name, nint properties);

        [LibraryImport(Library, EntryPoint = "pw_stream_destroy")]
        public static partial void StreamDestroy(nint stream);

        [LibraryImport(Library, EntryPoint = "pw_stream_add_listener")]
        public static partial void StreamAddListener(nint stream, SpaHook* listener, PwStreamEvents* events, void* data);

        [LibraryImport(Library, EntryPoint = "pw_stream_connect")]
        public static partial int StreamConnect(nint stream, int direction, uint targetId, int flags, byte** parameters, uint parameterCount);

        [LibraryImport(Library, EntryPoint = "pw_stream_disconnect")]
        public static partial int StreamDisconnect(nint stream);

        [LibraryImport(Library, EntryPoint = "pw_stream_update_params")]
        public static partial int StreamUpdateParams(nint stream, byte** parameters, uint parameterCount);

        [LibraryImport(Library, EntryPoint = "pw_stream_dequeue_buffer")]
        public static partial PwBuffer* StreamDequeueBuffer(nint stream);

        [LibraryImport(Library, EntryPoint = "pw_stream_queue_buffer")]
        public static partial int StreamQueueBuffer(nint stream, PwBuffer* buffer);

        [LibraryImport(Library, EntryPoint = "pw_stream_get_node_id")]
        public static partial uint StreamGetNodeId(nint stream);

        [StructLayout(LayoutKind.Sequential)]
        public struct PwBuffer
        {
            public SpaBuffer* Buffer;
            public void* UserData;
            public ulong Size;
            public ulong Requested;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaBuffer
        {
            public uint MetaCount;
            public uint DataCount;
            public SpaMeta* Metas;
            public SpaData* Datas;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaMeta
        {
            public uint Type;
            public uint Size;
            public void* Data;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaData
        {
            public uint Type;
            public uint Flags;
            public long Fd;
            public uint MapOffset;
            public uint MaxSize;
            public void* Data;
            public SpaChunk* Chunk;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaChunk
        {
            public uint Offset;
            public uint Size;
            public int Stride;
            public int Flags;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaMetaHeader
        {
            public uint Flags;
            public uint Offset;
            public long Pts;
            public long DtsOffset;
            public ulong Sequence;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaMetaRegion
        {
            public int X;
            public int Y;
            public uint Width;
            public uint Height;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaMetaCursor
        {
            public uint Id;
            public uint Flags;
            public int X;
            public int Y;
            public int HotspotX;
            public int HotspotY;
            public uint BitmapOffset;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct SpaMetaBitmap
        {
            public uint Format;
            public uint Width;
            public uint Height;
            public int Stride;
            public uint Offset;
        }

        /// <summary>struct spa_hook: a list link, callbacks, removed, priv — opaque to us, zeroed, 48 bytes.</summary>
        [StructLayout(LayoutKind.Sequential)]
        public struct SpaHook
        {
            public nint Next;
            public nint Previous;
            public nint Functions;
            public nint Data;
            public nint Removed;
            public nint Private;
        }

        [StructLayout(LayoutKind.Sequential)]
        public struct PwStreamEvents
        {
            public uint Version;
            public delegate* unmanaged[Cdecl]<void*, void> Destroy;
            public delegate* unmanaged[Cdecl]<void*, int, int, byte*, void> StateChanged;
            public delegate* unmanaged[Cdecl]<void*, uint, void*, void> ControlInfo;
            public delegate* unmanaged[Cdecl]<void*, uint, void*, uint, void> IoChanged;
            public delegate* unmanaged[Cdecl]<void*, uint, byte*, void> ParamChanged;
            public delegate* unmanaged[Cdecl]<void*, PwBuffer*, void> AddBuffer;
            public delegate* unmanaged[Cdecl]<void*, PwBuffer*, void> RemoveBuffer;
            public delegate* unmanaged[Cdecl]<void*, void> Process;
            public delegate* unmanaged[Cdecl]<void*, void> Drained;
            public delegate* unmanaged[Cdecl]<void*, void*, void> Command;
            public delegate* unmanaged[Cdecl]<void*, void> TriggerDone;
        }
    }

    internal static partial class Libc
    {
        private const string Library = "libc";

        public const int ProtRead = 1;
        public const int MapShared = 1;

        [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
        public static partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

        [LibraryImport(Library, EntryPoint = "munmap")]
        public static partial int Munmap(void* address, nuint length);

        [LibraryImport(Library, EntryPoint = "dup", SetLastError = true)]
        public static partial int Dup(int fd);

        [LibraryImport(Library, EntryPoint = "close")]
        public static partial int Close(int fd);
    }
}
