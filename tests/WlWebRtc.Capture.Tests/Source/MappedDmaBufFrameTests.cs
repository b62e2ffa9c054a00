using WlWebRtc.Portal.PipeWire;
using WlWebRtc.Portal.Source;
using WlWebRtc.Capture.Tests.PipeWire;
using WlWebRtc.Media;

namespace WlWebRtc.Capture.Tests.Source;

/// <summary>A DMA-BUF mapped for a CPU encoder reaches it as an ordinary shared-memory frame.</summary>
public sealed unsafe class MappedDmaBufFrameTests
{
    [Fact]
    public void Frame_MappedDmaBuf_IsSharedMemoryWithThePlaneBytesAtTheChunkOffset()
    {
        const int width = 16, height = 4, stride = 80, offset = 4096;
        var contents = BufferSlotDmaBufTests.Pattern(offset + (stride * height));
        using var file = Memfd.Create(contents);
        using var buffer = new FakeDmaBufBuffer(file.Fd, (uint)contents.Length, offset, stride, (uint)(stride * height));
        var slot = new BufferSlot(buffer.Buffer);
        var mapping = slot.TryMapDmaBuf(out _)!;
        Assert.True(MappedPlane.TryLayout(mapping.Length, offset, stride, width * 4, height, out var plane, out _));
        DequeuedBuffer? returned = null;

        var frame = new PipeWireVideoFrame(Dequeued(slot, mapping, plane, width, height), b => returned = b);

        Assert.Equal(FrameMemoryKinds.SharedMemory, frame.Memory);
        Assert.Equal(-1, frame.Planes[0].DmaBufFd);
        var bytes = frame.GetBytes();
        Assert.Equal(offset + (stride * height), bytes.Length);
        Assert.Equal(contents.AsSpan(offset, stride * height).ToArray(), bytes.Slice(frame.Planes[0].Offset, frame.Planes[0].Length).ToArray());
        frame.Dispose();
        Assert.NotNull(returned);
        mapping.Release();
        slot.Release();
    }

    [Fact]
    public void Frame_DmaBufWithoutMapping_IsDmaBufAndHasNoBytes()
    {
        using var file = Memfd.Create(new byte[4096]);
        using var buffer = new FakeDmaBufBuffer(file.Fd, 4096, 0, 64, 4096);
        var slot = new BufferSlot(buffer.Buffer);

        using var frame = new PipeWireVideoFrame(Dequeued(slot, null, new FramePlane(0, 64, 1024) { DmaBufFd = file.Fd }, 16, 16), _ => { });

        Assert.Equal(FrameMemoryKinds.DmaBuf, frame.Memory);
        Assert.Throws<NotSupportedException>(() => frame.GetBytes().Length);
        slot.Release();
    }

    private static DequeuedBuffer Dequeued(BufferSlot slot, FdMapping? mapping, FramePlane plane, int width, int height) =>
        new(slot, CaptureTime.Now(TimeProvider.System), 1)
        {
            Format = PixelFormat.Bgrx,
            Width = width,
            Height = height,
            Planes = [plane],
            ByteLength = plane.Offset + plane.Length,
            Damage = [],
            CpuMapping = mapping,
        };
}
