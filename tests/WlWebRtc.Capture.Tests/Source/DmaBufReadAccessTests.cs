using WlWebRtc.Portal.PipeWire;
using WlWebRtc.Portal.Source;
using WlWebRtc.Capture.Tests.PipeWire;

namespace WlWebRtc.Capture.Tests.Source;

/// <summary>Sync bracketing of CPU reads of a mapped DMA-BUF frame, with the ioctl faked (no dma-buf can be made here) and memfd mappings.</summary>
public sealed unsafe class DmaBufReadAccessTests : IDisposable
{
    private const int Eio = 5;
    private const int Enotty = 25;
    private const int Eintr = 4;

    private readonly Memfd _file = Memfd.Create(new byte[4096]);
    private readonly FakeDmaBufBuffer _buffer;
    private readonly BufferSlot _slot;
    private readonly FdMapping _mapping;
    private readonly CountingLogger _logger = new();

    public DmaBufReadAccessTests()
    {
        _buffer = new FakeDmaBufBuffer(_file.Fd, 4096, 0, 64, 4096);
        _slot = new BufferSlot(_buffer.Buffer);
        _mapping = _slot.TryMapDmaBuf(out _) ?? throw new InvalidOperationException("memfd mapping failed");
    }

    [Fact]
    public void TryBeginThenEnd_SyncAvailable_StartReadThenEndReadOnTheMappingsOwnFd()
    {
        var ioctl = new ScriptedIoctl(0);
        var access = new DmaBufReadAccess(ioctl, _logger);

        Assert.True(access.TryBegin(_mapping));
        access.End(_mapping);

        Assert.Equal([(_mapping.Fd, DmaBufSync.StartRead), (_mapping.Fd, DmaBufSync.EndRead)], ioctl.Calls);
        Assert.Equal(0, access.SyncFailures);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public void TryBegin_InterruptedOnce_RetriedAndFrameKept()
    {
        var access = new DmaBufReadAccess(new ScriptedIoctl(Eintr, 0), _logger);

        Assert.True(access.TryBegin(_mapping));
        Assert.Equal(0, access.SyncFailures);
    }

    [Fact]
    public void TryBegin_SyncFails_FrameDroppedCountedEachTimeLoggedOnce()
    {
        var access = new DmaBufReadAccess(new ScriptedIoctl(Eio), _logger);

        Assert.False(access.TryBegin(_mapping));
        Assert.False(access.TryBegin(_mapping));
        Assert.False(access.TryBegin(_mapping));

        Assert.Equal(3, access.SyncFailures);
        var entry = Assert.Single(_logger.Entries);
        Assert.Contains("errno 5", entry.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryBegin_SyncRecoversAfterFailures_LaterFramesKept()
    {
        var access = new DmaBufReadAccess(new ScriptedIoctl(Eio, 0), _logger);

        Assert.False(access.TryBegin(_mapping));
        Assert.True(access.TryBegin(_mapping));
        Assert.Equal(1, access.SyncFailures);
    }

    [Fact]
    public void End_SyncFails_CountedNotThrown()
    {
        var access = new DmaBufReadAccess(new ScriptedIoctl(0, Eio), _logger);

        Assert.True(access.TryBegin(_mapping));
        access.End(_mapping);

        Assert.Equal(1, access.SyncFailures);
    }

    [Fact]
    public void TryBegin_NotADmaBuf_FrameKeptAndTheFdNeverAskedAgain()
    {
        var ioctl = new ScriptedIoctl(Enotty);
        var access = new DmaBufReadAccess(ioctl, _logger);

        Assert.True(access.TryBegin(_mapping));
        access.End(_mapping);
        Assert.True(access.TryBegin(_mapping));
        access.End(_mapping);

        Assert.Single(ioctl.Calls);
        Assert.True(_mapping.SyncUnsupported);
        Assert.Equal(0, access.SyncFailures);
        Assert.Single(_logger.Entries);
    }

    [Fact]
    public void TryBegin_RealKernelIoctlOnAMemfd_FrameKeptAsNotADmaBuf()
    {
        var access = new DmaBufReadAccess(KernelDmaBufIoctl.Instance, _logger);

        Assert.True(access.TryBegin(_mapping));
        access.End(_mapping);

        Assert.True(_mapping.SyncUnsupported);
        Assert.Equal(0, access.SyncFailures);
    }

    [Fact]
    public void MapFailed_Repeatedly_CountedEachTimeLoggedOnce()
    {
        var access = new DmaBufReadAccess(new ScriptedIoctl(), _logger);

        access.MapFailed("mmap of fd 9 failed");
        access.MapFailed("mmap of fd 9 failed");

        Assert.Equal(2, access.MapFailures);
        var entry = Assert.Single(_logger.Entries);
        Assert.Contains("mmap of fd 9 failed", entry.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _mapping.Release();
        _slot.Release();
        _buffer.Dispose();
        _file.Dispose();
    }
}
