using WlWebRtc.Portal.PipeWire;
using WlWebRtc.Portal.Spa;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>The CPU mapping of a DMA-BUF buffer slot, with memfds in place of dma-bufs (none can be made on this machine).</summary>
public sealed unsafe class BufferSlotDmaBufTests
{
    [Fact]
    public void BufferSlot_DmaBufBuffer_IsNotMappedUntilAsked()
    {
        using var file = Memfd.Create(Pattern(8192));
        using var buffer = new FakeDmaBufBuffer(file.Fd, 8192, 0, 64, 8192);

        var slot = new BufferSlot(buffer.Buffer);

        Assert.Equal(SpaConstants.DataDmaBuf, slot.DataType);
        Assert.True(slot.Data == null);
        Assert.Null(slot.DmaBufMapping);
        Assert.Equal(0, file.MappingCount());
        slot.Release();
    }

    [Fact]
    public void TryMapDmaBuf_MemfdBuffer_MapsWholeFileReadOnlyWithItsBytes()
    {
        var contents = Pattern(3 * 4096 + 100);
        using var file = Memfd.Create(contents);
        using var buffer = new FakeDmaBufBuffer(file.Fd, (uint)contents.Length, 0, 64, (uint)contents.Length);
        var slot = new BufferSlot(buffer.Buffer);

        var mapping = slot.TryMapDmaBuf(out var error);

        Assert.NotNull(mapping);
        Assert.Equal("", error);
        Assert.Equal(contents.Length, mapping.Length);
        Assert.Equal(contents, new ReadOnlySpan<byte>(mapping.Address, contents.Length).ToArray());
        Assert.Equal(file.Fd, mapping.SourceFd);
        Assert.NotEqual(file.Fd, mapping.Fd); // its own dup, for the sync ioctl
        Assert.Equal(1, file.MappingCount());
        var line = File.ReadAllLines("/proc/self/maps").Single(l => l.Contains(file.Name, StringComparison.Ordinal));
        Assert.StartsWith("r--s", line.Split(' ')[1], StringComparison.Ordinal); // PROT_READ, MAP_SHARED
        mapping.Release();
        slot.Release();
    }

    [Fact]
    public void TryMapDmaBuf_SameFdTwice_ReusesTheMapping()
    {
        using var file = Memfd.Create(Pattern(4096));
        using var buffer = new FakeDmaBufBuffer(file.Fd, 4096, 0, 64, 4096);
        var slot = new BufferSlot(buffer.Buffer);

        var first = slot.TryMapDmaBuf(out _);
        var second = slot.TryMapDmaBuf(out _);

        Assert.Same(first, second);
        Assert.Equal(1, file.MappingCount());
        first!.Release();
        second!.Release();
        Assert.False(first.IsUnmapped); // the slot still holds it
        slot.Release();
        Assert.True(first.IsUnmapped);
        Assert.Equal(0, file.MappingCount());
    }

    [Fact]
    public void TryMapDmaBuf_FdChanged_MapsTheNewFdAndUnmapsTheOldOnceItsFrameIsReleased()
    {
        using var oldFile = Memfd.Create(Pattern(4096, seed: 1));
        using var newFile = Memfd.Create(Pattern(8192, seed: 2));
        using var buffer = new FakeDmaBufBuffer(oldFile.Fd, 4096, 0, 64, 4096);
        var slot = new BufferSlot(buffer.Buffer);
        var heldByFrame = slot.TryMapDmaBuf(out _)!;

        buffer.Data->Fd = newFile.Fd;
        buffer.Data->MaxSize = 8192;
        var remapped = slot.TryMapDmaBuf(out _)!;

        Assert.NotSame(heldByFrame, remapped);
        Assert.Equal(Pattern(8192, seed: 2), new ReadOnlySpan<byte>(remapped.Address, 8192).ToArray());
        Assert.False(heldByFrame.IsUnmapped); // a frame still reads it
        Assert.Equal(Pattern(4096, seed: 1), new ReadOnlySpan<byte>(heldByFrame.Address, 4096).ToArray());
        heldByFrame.Release();
        Assert.True(heldByFrame.IsUnmapped);
        Assert.Equal(0, oldFile.MappingCount());
        Assert.Equal(1, newFile.MappingCount());
        remapped.Release();
        slot.Release();
        Assert.Equal(0, newFile.MappingCount());
    }

    [Fact]
    public void Release_BufferRemovedWhileAFrameHoldsIt_UnmapsWhenTheFrameIsReleased()
    {
        using var file = Memfd.Create(Pattern(4096));
        using var buffer = new FakeDmaBufBuffer(file.Fd, 4096, 0, 64, 4096);
        var slot = new BufferSlot(buffer.Buffer);
        slot.AddReference(); // a frame holds the slot, as PipeWireCaptureSource.Describe does
        var frameMapping = slot.TryMapDmaBuf(out _)!;

        slot.Release(); // PipeWire removed the buffer
        Assert.False(frameMapping.IsUnmapped);
        Assert.Equal(1, file.MappingCount());

        frameMapping.Release();
        slot.Release();
        Assert.True(frameMapping.IsUnmapped);
        Assert.Equal(0, file.MappingCount());
    }

    [Fact]
    public void TryMapDmaBuf_FdThatCannotBeMapped_ReturnsNullWithTheReasonAndCachesNothing()
    {
        var (readEnd, writeEnd) = Memfd.Pipe(); // a pipe: no size (lseek fails, so maxsize is used) and no mmap (ENODEV)
        try
        {
            using var buffer = new FakeDmaBufBuffer(readEnd, 4096, 0, 64, 4096);
            var slot = new BufferSlot(buffer.Buffer);

            var mapping = slot.TryMapDmaBuf(out var error);

            Assert.Null(mapping);
            Assert.Contains($"mmap of fd {readEnd} (4096 bytes) failed", error, StringComparison.Ordinal);
            Assert.Null(slot.DmaBufMapping);
            slot.Release();
        }
        finally
        {
            Memfd.CloseFd(readEnd);
            Memfd.CloseFd(writeEnd);
        }
    }

    [Fact]
    public void TryMapDmaBuf_NegativeFd_ReturnsNullWithTheReason()
    {
        using var buffer = new FakeDmaBufBuffer(-1, 4096, 0, 64, 4096);
        var slot = new BufferSlot(buffer.Buffer);

        var mapping = slot.TryMapDmaBuf(out var error);

        Assert.Null(mapping);
        Assert.Contains("no fd", error, StringComparison.Ordinal);
        slot.Release();
    }

    [Fact]
    public void TryMapDmaBuf_EmptyFile_ReturnsNullWithTheReason()
    {
        using var file = Memfd.Create([]);
        using var buffer = new FakeDmaBufBuffer(file.Fd, 0, 0, 64, 0);
        var slot = new BufferSlot(buffer.Buffer);

        var mapping = slot.TryMapDmaBuf(out var error);

        Assert.Null(mapping);
        Assert.Contains("size of fd", error, StringComparison.Ordinal);
        slot.Release();
    }

    internal static byte[] Pattern(int length, int seed = 0)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)((i * 7) + (i >> 8) + seed);
        }

        return bytes;
    }
}
