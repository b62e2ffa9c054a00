using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.Unix;

/// <summary>Anonymous in-memory files (memfd), for handing a read-only blob to another process by descriptor.</summary>
public static class MemoryFile
{
    /// <summary>
    /// A memfd holding <paramref name="contents"/>, sealed against any change (the receiver may mmap it and rely on it).
    /// </summary>
    /// <exception cref="UnixException">memfd_create, the write or the sealing failed.</exception>
    public static UnixFd CreateSealed(string name, ReadOnlySpan<byte> contents)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var raw = Interop.Libc.MemfdCreate(name, Interop.Libc.MFD_CLOEXEC | Interop.Libc.MFD_ALLOW_SEALING);
        if (raw < 0)
        {
            throw UnixException.FromLastError("memfd_create");
        }

        var fd = new UnixFd(raw, ownsHandle: true);
        try
        {
            using (var file = new SafeFileHandle(fd.DangerousGetHandle(), ownsHandle: false))
            {
                RandomAccess.Write(file, contents, 0);
            }

            const int seals = Interop.Libc.F_SEAL_SHRINK | Interop.Libc.F_SEAL_GROW | Interop.Libc.F_SEAL_WRITE | Interop.Libc.F_SEAL_SEAL;
            if (Interop.Libc.Fcntl(fd, Interop.Libc.F_ADD_SEALS, seals) < 0)
            {
                throw UnixException.FromLastError("fcntl(F_ADD_SEALS)");
            }

            return fd;
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }
}
