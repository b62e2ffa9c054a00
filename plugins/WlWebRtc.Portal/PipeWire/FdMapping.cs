using System.Runtime.InteropServices;

namespace WlWebRtc.Portal.PipeWire;

/// <summary>
/// A read-only MAP_SHARED mapping of a whole buffer fd (a dma-buf, or in tests a memfd), reference counted: the
/// buffer slot holds one reference while the fd is current, each frame read from it another; the last release unmaps.
/// The whole file is mapped from offset 0 because mmap offsets must be page aligned and plane offsets are not.
/// It keeps its own dup of the fd for DMA_BUF_IOCTL_SYNC: a frame may be released after PipeWire removed the
/// buffer and closed its fd (whose number may then name another file).
/// </summary>
internal sealed unsafe class FdMapping
{
    private int _references = 1;
    private int _unmapped;

    private FdMapping(int sourceFd, int fd, byte* address, long length)
    {
        SourceFd = sourceFd;
        Fd = fd;
        Address = address;
        Length = length;
    }

    /// <summary>The buffer's fd the mapping was made from (the cache key; not owned).</summary>
    public int SourceFd { get; }

    /// <summary>Our own dup of <see cref="SourceFd"/>, for the sync ioctl; closed with the mapping.</summary>
    public int Fd { get; }

    public byte* Address { get; }

    public long Length { get; }

    public bool IsUnmapped => Volatile.Read(ref _unmapped) != 0;

    /// <summary>The fd answered DMA_BUF_IOCTL_SYNC with ENOTTY: it is not a dma-buf, so no sync is made for it again.</summary>
    public bool SyncUnsupported { get; set; }

    /// <summary>
    /// Maps <paramref name="fd"/> whole. Its size comes from lseek(SEEK_END), which dma-bufs and memfds answer; when
    /// that fails, <paramref name="fallbackLength"/> (the spa_data mapoffset + maxsize) is used.
    /// </summary>
    public static FdMapping? TryMap(int fd, long fallbackLength, out string error)
    {
        if (fd < 0)
        {
            error = $"the buffer has no fd ({fd})";
            return null;
        }

        var length = Interop.Libc.Lseek(fd, 0, Interop.Libc.SeekEnd);
        if (length <= 0)
        {
            length = fallbackLength;
        }

        if (length <= 0)
        {
            error = $"the size of fd {fd} is unknown (lseek errno {Marshal.GetLastPInvokeError()}, maxsize 0)";
            return null;
        }

        var mapped = Interop.Libc.Mmap(null, (nuint)length, Interop.Libc.ProtRead, Interop.Libc.MapShared, fd, 0);
        if (mapped == (void*)-1)
        {
            var errno = Marshal.GetLastPInvokeError();
            error = $"mmap of fd {fd} ({length} bytes) failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
            return null;
        }

        var own = Interop.Libc.Dup(fd);
        if (own < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            _ = Interop.Libc.Munmap(mapped, (nuint)length);
            error = $"dup of fd {fd} failed: errno {errno} ({Marshal.GetPInvokeErrorMessage(errno)})";
            return null;
        }

        error = "";
        return new FdMapping(fd, own, (byte*)mapped, length);
    }

    /// <summary>Whether [offset, offset + length) lies inside the mapping.</summary>
    public bool Covers(long offset, long length) => offset >= 0 && length >= 0 && offset + length <= Length;

    public void AddReference() => Interlocked.Increment(ref _references);

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0 && Interlocked.Exchange(ref _unmapped, 1) == 0)
        {
            _ = Interop.Libc.Munmap(Address, (nuint)Length);
            _ = Interop.Libc.Close(Fd);
        }
    }
}
