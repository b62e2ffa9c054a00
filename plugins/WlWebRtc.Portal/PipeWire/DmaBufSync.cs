namespace WlWebRtc.Portal.PipeWire;

/// <summary>The DMA_BUF_IOCTL_SYNC call, a seam so that tests can make it fail (this machine has no dma-buf exporter).</summary>
internal interface IDmaBufIoctl
{
    /// <summary>Calls DMA_BUF_IOCTL_SYNC with <paramref name="flags"/>; returns 0, or the errno.</summary>
    int Sync(int fd, ulong flags);
}

/// <summary>The kernel's DMA_BUF_IOCTL_SYNC (struct dma_buf_sync { __u64 flags; }).</summary>
internal sealed unsafe class KernelDmaBufIoctl : IDmaBufIoctl
{
    public static KernelDmaBufIoctl Instance { get; } = new();

    public int Sync(int fd, ulong flags)
    {
        var argument = flags;
        return Interop.Libc.Ioctl(fd, DmaBufSync.IoctlSync, &argument) == 0 ? 0 : System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
    }
}

internal enum DmaBufSyncResult
{
    Synced,

    /// <summary>ENOTTY: the fd is not a dma-buf (e.g. a memfd labelled DMA-BUF); its mapping is ordinary coherent memory.</summary>
    NotDmaBuf,

    Failed,
}

/// <summary>Brackets CPU reads of a mapped dma-buf (linux/dma-buf.h), retrying on EINTR/EAGAIN.</summary>
internal static class DmaBufSync
{
    /// <summary>_IOW('b', 0, struct dma_buf_sync): write direction (1) &lt;&lt; 30 | size 8 &lt;&lt; 16 | 'b' &lt;&lt; 8 | 0 (checked against the header by a test).</summary>
    public const nuint IoctlSync = (1u << 30) | (8u << 16) | ((nuint)'b' << 8);

    public const ulong FlagRead = 1 << 0;
    public const ulong FlagStart = 0 << 2;
    public const ulong FlagEnd = 1 << 2;

    public const ulong StartRead = FlagStart | FlagRead;
    public const ulong EndRead = FlagEnd | FlagRead;

    /// <summary>
    /// Retries of an interrupted or busy sync before it counts as failed: the kernel returns EINTR/EAGAIN from
    /// interruptible fence waits, which normally succeed on the next try; a bound keeps a wedged driver from hanging the capture.
    /// </summary>
    public const int MaxAttempts = 64;

    public static DmaBufSyncResult Sync(IDmaBufIoctl ioctl, int fd, ulong flags, out int errno)
    {
        ArgumentNullException.ThrowIfNull(ioctl);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            errno = ioctl.Sync(fd, flags);
            if (errno == 0)
            {
                return DmaBufSyncResult.Synced;
            }

            if (errno == Interop.Libc.ErrorNotTty)
            {
                return DmaBufSyncResult.NotDmaBuf;
            }

            if (errno is not (Interop.Libc.ErrorInterrupted or Interop.Libc.ErrorTryAgain))
            {
                return DmaBufSyncResult.Failed;
            }
        }

        errno = Interop.Libc.ErrorTryAgain;
        return DmaBufSyncResult.Failed;
    }
}
