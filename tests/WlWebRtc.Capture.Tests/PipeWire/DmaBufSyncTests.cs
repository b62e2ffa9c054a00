using WlWebRtc.Portal.PipeWire;
using WlWebRtc.Capture.Tests.Native;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>DMA_BUF_IOCTL_SYNC: the number and flags against linux/dma-buf.h (compiled with gcc), the retry and error policy.</summary>
public sealed class DmaBufSyncTests
{
    private const int Eintr = 4;
    private const int Eagain = 11;
    private const int Enotty = 25;
    private const int Eio = 5;

    [Fact]
    public void IoctlSync_Number_MatchesLinuxDmaBufHeader()
    {
        var managed = (long)DmaBufSync.IoctlSync;

        Assert.Equal(SpaFacts.Value("value.DMA_BUF_IOCTL_SYNC"), managed);
        Assert.Equal(8, SpaFacts.Value("sizeof.dma_buf_sync")); // the size encoded in the number: one __u64
    }

    [Fact]
    public void SyncFlags_StartReadAndEndRead_MatchLinuxDmaBufHeader()
    {
        var (startRead, endRead) = ((long)DmaBufSync.StartRead, (long)DmaBufSync.EndRead);

        Assert.Equal(SpaFacts.Value("value.DMA_BUF_SYNC_START") | SpaFacts.Value("value.DMA_BUF_SYNC_READ"), startRead);
        Assert.Equal(SpaFacts.Value("value.DMA_BUF_SYNC_END") | SpaFacts.Value("value.DMA_BUF_SYNC_READ"), endRead);
    }

    [Fact]
    public void Sync_Succeeds_SyncedWithOneCall()
    {
        var ioctl = new ScriptedIoctl(0);

        var result = DmaBufSync.Sync(ioctl, 7, DmaBufSync.StartRead, out var errno);

        Assert.Equal((DmaBufSyncResult.Synced, 0), (result, errno));
        Assert.Equal([(7, DmaBufSync.StartRead)], ioctl.Calls);
    }

    [Fact]
    public void Sync_InterruptedThenBusyThenSucceeds_RetriesUntilSynced()
    {
        var ioctl = new ScriptedIoctl(Eintr, Eagain, Eintr, 0);

        var result = DmaBufSync.Sync(ioctl, 7, DmaBufSync.EndRead, out _);

        Assert.Equal(DmaBufSyncResult.Synced, result);
        Assert.Equal(Enumerable.Repeat((7, DmaBufSync.EndRead), 4), ioctl.Calls);
    }

    [Fact]
    public void Sync_AlwaysInterrupted_FailsAfterTheRetryBound()
    {
        var ioctl = new ScriptedIoctl(Eintr);

        var result = DmaBufSync.Sync(ioctl, 7, DmaBufSync.StartRead, out var errno);

        Assert.Equal(DmaBufSyncResult.Failed, result);
        Assert.Equal(Eagain, errno);
        Assert.Equal(DmaBufSync.MaxAttempts, ioctl.Calls.Count);
    }

    [Fact]
    public void Sync_NotTty_NotDmaBufWithoutRetry()
    {
        var ioctl = new ScriptedIoctl(Enotty);

        var result = DmaBufSync.Sync(ioctl, 7, DmaBufSync.StartRead, out var errno);

        Assert.Equal((DmaBufSyncResult.NotDmaBuf, Enotty), (result, errno));
        Assert.Single(ioctl.Calls);
    }

    [Fact]
    public void Sync_OtherError_FailedWithItsErrnoWithoutRetry()
    {
        var ioctl = new ScriptedIoctl(Eio);

        var result = DmaBufSync.Sync(ioctl, 7, DmaBufSync.StartRead, out var errno);

        Assert.Equal((DmaBufSyncResult.Failed, Eio), (result, errno));
        Assert.Single(ioctl.Calls);
    }

    [Fact]
    public void KernelIoctl_OnAMemfd_ReturnsEnotty()
    {
        // the real syscall: a memfd is not a dma-buf, so the kernel has no DMA_BUF_IOCTL_SYNC for it
        using var file = Memfd.Create(new byte[4096]);

        Assert.Equal(Enotty, KernelDmaBufIoctl.Instance.Sync(file.Fd, DmaBufSync.StartRead));
    }
}
