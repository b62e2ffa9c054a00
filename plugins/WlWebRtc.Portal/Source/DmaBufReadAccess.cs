using Microsoft.Extensions.Logging;
using WlWebRtc.Portal.PipeWire;

namespace WlWebRtc.Portal.Source;

/// <summary>
/// CPU reads of mapped DMA-BUF frames: DMA_BUF_SYNC_START|READ before a frame is handed out, END|READ when it is
/// released. A failed map or sync drops that one frame (the stream goes on), is counted, and logged once.
/// An fd that answers ENOTTY is not a dma-buf (some producers label a memfd DMA-BUF): its mapping is ordinary
/// page-cache memory, which is coherent for the CPU, so the frame is read without sync and the fd is not asked again.
/// </summary>
internal sealed partial class DmaBufReadAccess(IDmaBufIoctl ioctl, ILogger logger)
{
    private long _mapFailures;
    private long _syncFailures;
    private int _mapFailureLogged;
    private int _syncFailureLogged;
    private int _notDmaBufLogged;

    /// <summary>Frames dropped because their dma-buf could not be mapped.</summary>
    public long MapFailures => Interlocked.Read(ref _mapFailures);

    /// <summary>DMA_BUF_IOCTL_SYNC calls that failed (START drops the frame; END is counted only).</summary>
    public long SyncFailures => Interlocked.Read(ref _syncFailures);

    public void MapFailed(string error)
    {
        Interlocked.Increment(ref _mapFailures);
        if (Interlocked.Exchange(ref _mapFailureLogged, 1) == 0)
        {
            Log.MapFailed(logger, error);
        }
    }

    /// <summary>Starts a CPU read of <paramref name="mapping"/>; false when the frame must be dropped.</summary>
    public bool TryBegin(FdMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        return mapping.SyncUnsupported || Sync(mapping, DmaBufSync.StartRead, "start");
    }

    /// <summary>Ends a CPU read begun with <see cref="TryBegin"/>.</summary>
    public void End(FdMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(mapping);
        if (!mapping.SyncUnsupported)
        {
            _ = Sync(mapping, DmaBufSync.EndRead, "end");
        }
    }

    private bool Sync(FdMapping mapping, ulong flags, string phase)
    {
        switch (DmaBufSync.Sync(ioctl, mapping.Fd, flags, out var errno))
        {
            case DmaBufSyncResult.Synced:
                return true;
            case DmaBufSyncResult.NotDmaBuf:
                mapping.SyncUnsupported = true;
                if (Interlocked.Exchange(ref _notDmaBufLogged, 1) == 0)
                {
                    Log.NotDmaBuf(logger, mapping.SourceFd);
                }

                return true;
            default:
                Interlocked.Increment(ref _syncFailures);
                if (Interlocked.Exchange(ref _syncFailureLogged, 1) == 0)
                {
                    Log.SyncFailed(logger, phase, errno, System.Runtime.InteropServices.Marshal.GetPInvokeErrorMessage(errno));
                }

                return false;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.DmaBufMapFailed, LogLevel.Warning, "A DMA-BUF frame could not be mapped for the CPU encoder and is dropped (logged once; counted): {Error}")]
        public static partial void MapFailed(ILogger logger, string error);

        [LoggerMessage(EventIds.DmaBufSyncFailed, LogLevel.Warning, "DMA_BUF_IOCTL_SYNC ({Phase}) failed with errno {Errno} ({Message}); frames whose start fails are dropped (logged once; counted)")]
        public static partial void SyncFailed(ILogger logger, string phase, int errno, string message);

        [LoggerMessage(EventIds.NotDmaBuf, LogLevel.Information, "Buffer fd {Fd} labelled DMA-BUF is not a dma-buf (ENOTTY): read as coherent shared memory without sync")]
        public static partial void NotDmaBuf(ILogger logger, int fd);
    }
}
