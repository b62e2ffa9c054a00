using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WlWebRtc.Encoder.Vaapi.Probing;

internal static partial class Interop
{
    /// <summary>libva.so.2 and its DRM back end libva-drm.so.2 (va/va.h, va/va_drm.h). Only the calls the probe needs.</summary>
    internal static unsafe partial class LibVa
    {
        public const string LibraryName = "libva.so.2";
        public const string DrmLibraryName = "libva-drm.so.2";

        /// <summary>A VADisplay for a DRM fd, or 0. Wrapped by <see cref="SafeVaDisplayHandle"/>, which keeps the fd open.</summary>
        [LibraryImport(DrmLibraryName, EntryPoint = "vaGetDisplayDRM")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial nint GetDisplayDrm(int fd);

        [LibraryImport(LibraryName, EntryPoint = "vaInitialize")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int Initialize(SafeVaDisplayHandle display, out int major, out int minor);

        /// <summary>Called only by <see cref="SafeVaDisplayHandle.ReleaseHandle"/>.</summary>
        [LibraryImport(LibraryName, EntryPoint = "vaTerminate")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int Terminate(nint display);

        /// <summary>A static string owned by libva.</summary>
        [LibraryImport(LibraryName, EntryPoint = "vaErrorStr")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial nint ErrorStr(int status);

        /// <summary>A string owned by the display.</summary>
        [LibraryImport(LibraryName, EntryPoint = "vaQueryVendorString")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial nint QueryVendorString(SafeVaDisplayHandle display);

        [LibraryImport(LibraryName, EntryPoint = "vaMaxNumProfiles")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int MaxNumProfiles(SafeVaDisplayHandle display);

        [LibraryImport(LibraryName, EntryPoint = "vaMaxNumEntrypoints")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int MaxNumEntrypoints(SafeVaDisplayHandle display);

        [LibraryImport(LibraryName, EntryPoint = "vaQueryConfigProfiles")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int QueryConfigProfiles(SafeVaDisplayHandle display, int* profiles, out int count);

        [LibraryImport(LibraryName, EntryPoint = "vaQueryConfigEntrypoints")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial int QueryConfigEntrypoints(SafeVaDisplayHandle display, int profile, int* entrypoints, out int count);

        /// <summary>Routes libva's error messages for one display to a callback instead of stderr.</summary>
        [LibraryImport(LibraryName, EntryPoint = "vaSetErrorCallback")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial nint SetErrorCallback(SafeVaDisplayHandle display, delegate* unmanaged[Cdecl]<nint, byte*, void> callback, nint context);

        /// <summary>Routes libva's info messages ("VA-API version …") for one display to a callback instead of stderr.</summary>
        [LibraryImport(LibraryName, EntryPoint = "vaSetInfoCallback")]
        [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
        public static partial nint SetInfoCallback(SafeVaDisplayHandle display, delegate* unmanaged[Cdecl]<nint, byte*, void> callback, nint context);
    }
}
