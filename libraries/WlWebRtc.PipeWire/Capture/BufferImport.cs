using WlWebRtc.Media;
using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Spa;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>
/// The stream's buffers and what a dequeued one holds: shared memory read in place, a DMA-BUF either handed on as
/// dup'd fds (an encoder that imports it) or mapped for a CPU encoder with its reads bracketed by
/// DMA_BUF_IOCTL_SYNC (<see cref="DmaBufReadAccess"/>). The slots are touched on the PipeWire loop thread only (or
/// under the loop's lock); a frame's resources are released from whichever thread disposes it.
/// </summary>
internal sealed class BufferImport(bool mapDmaBuf, DmaBufReadAccess dmaBufAccess)
{
    private readonly Dictionary<nint, BufferSlot> _slots = [];
    private long _sequence;

    /// <summary>Buffers PipeWire gave the stream.</summary>
    public int Count => _slots.Count;

    /// <summary>DMA-BUF frames dropped because their mapping for the CPU failed.</summary>
    public long DmaBufMapFailures => dmaBufAccess.MapFailures;

    /// <summary>DMA_BUF_IOCTL_SYNC calls that failed.</summary>
    public long DmaBufSyncFailures => dmaBufAccess.SyncFailures;

    public unsafe void Add(Interop.PipeWire.PwBuffer* buffer) => _slots[(nint)buffer] = new BufferSlot(buffer);

    /// <summary>PipeWire takes a buffer away; the slot is marked removed so that nothing queues it back.</summary>
    public unsafe BufferSlot? Remove(Interop.PipeWire.PwBuffer* buffer)
    {
        if (!_slots.Remove((nint)buffer, out var slot))
        {
            return null;
        }

        slot.Removed = true;
        return slot;
    }

    /// <summary>The stream goes away: no slot may be queued back any more (call under the loop's lock).</summary>
    public void MarkAllRemoved()
    {
        foreach (var slot in _slots.Values)
        {
            slot.Removed = true;
        }
    }

    /// <summary>Reads a dequeued buffer into a pending frame, or null for one without a picture (empty, corrupted, unknown).</summary>
    public unsafe DequeuedBuffer? Describe(Interop.PipeWire.PwBuffer* buffer, NegotiatedFormat? format, CaptureTime captured)
    {
        if (format is null || !_slots.TryGetValue((nint)buffer, out var slot))
        {
            return null;
        }

        var spa = buffer->Buffer;
        var chunk = spa->Datas[0].Chunk;
        if (chunk == null || chunk->Size == 0 || (chunk->Flags & (int)SpaConstants.ChunkFlagCorrupted) != 0 || BufferMetadata.IsCorrupted(spa))
        {
            return null; // e.g. a cursor-only update (its cursor went to the sink already)
        }

        var bytesPerPixel = format.PixelFormat.BytesPerPixel();
        var stride = chunk->Stride > 0 ? chunk->Stride : format.Width * bytesPerPixel;
        var offset = (int)chunk->Offset;
        var length = stride * format.Height;
        FramePlane[] planes;
        FdMapping? mapping = null;
        if (slot.DataType == SpaConstants.DataDmaBuf && mapDmaBuf)
        {
            mapping = slot.TryMapDmaBuf(out var error);
            if (mapping is null)
            {
                dmaBufAccess.MapFailed(error);
                return null;
            }

            if (!MappedPlane.TryLayout(mapping.Length, offset, stride, format.Width * bytesPerPixel, format.Height, out var plane, out error))
            {
                mapping.Release();
                dmaBufAccess.MapFailed(error);
                return null;
            }

            planes = [plane];
        }
        else if (slot.DataType == SpaConstants.DataDmaBuf)
        {
            planes = new FramePlane[spa->DataCount];
            for (var i = 0; i < planes.Length; i++)
            {
                var data = &spa->Datas[i];
                var planeChunk = data->Chunk;
                planes[i] = new FramePlane((int)planeChunk->Offset, planeChunk->Stride, planeChunk->Stride * format.Height)
                {
                    DmaBufFd = Interop.Libc.Dup((int)data->Fd),
                    Modifier = format.Modifier ?? SpaConstants.ModifierInvalid,
                };
            }
        }
        else
        {
            if (slot.Data == null || stride < format.Width * bytesPerPixel || (long)offset + length > slot.MaxSize)
            {
                return null;
            }

            planes = [new FramePlane(offset, stride, length)];
        }

        slot.AddReference();
        return new DequeuedBuffer(slot, captured, Interlocked.Increment(ref _sequence))
        {
            Format = format.PixelFormat,
            Width = format.Width,
            Height = format.Height,
            Planes = planes,
            ByteLength = offset + length,
            Damage = BufferMetadata.Damage(spa, format.Width, format.Height),
            CpuMapping = mapping,
        };
    }

    /// <summary>DMA_BUF_SYNC_START for a mapped DMA-BUF before it is handed out; false drops this frame only.</summary>
    public bool TryBeginRead(DequeuedBuffer buffer)
    {
        if (buffer.CpuMapping is not { } mapping)
        {
            return true;
        }

        if (!dmaBufAccess.TryBegin(mapping))
        {
            return false;
        }

        buffer.ReadBegun = true;
        return true;
    }

    /// <summary>Ends the CPU read of a mapped DMA-BUF (the matching END), drops the mapping and closes the dup'd fds.</summary>
    public void ReleaseResources(DequeuedBuffer buffer)
    {
        if (buffer.CpuMapping is { } mapping)
        {
            if (buffer.ReadBegun)
            {
                dmaBufAccess.End(mapping);
            }

            mapping.Release();
        }

        CloseDuplicatedFds(buffer);
    }

    /// <summary>A pending buffer whose pw_buffer PipeWire removed: nothing to queue back, only our references and dup'd fds to drop.</summary>
    public static void ReleaseUnqueued(DequeuedBuffer buffer)
    {
        CloseDuplicatedFds(buffer);
        buffer.CpuMapping?.Release();
        buffer.Slot.Release();
    }

    private static void CloseDuplicatedFds(DequeuedBuffer buffer)
    {
        foreach (var plane in buffer.Planes)
        {
            if (plane.DmaBufFd >= 0)
            {
                _ = Interop.Libc.Close(plane.DmaBufFd);
            }
        }
    }
}
