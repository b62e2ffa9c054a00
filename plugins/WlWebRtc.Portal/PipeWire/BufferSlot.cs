namespace WlWebRtc.Portal.PipeWire;

/// <summary>
/// One pw_buffer of the stream and our own read-only mapping of its memfd. The mapping is reference counted
/// (the stream holds one reference, each frame another), so a frame stays readable after renegotiation
/// removed its buffer; PipeWire's own mapping (MAP_BUFFERS) would vanish under it. A DMA-BUF buffer read by the
/// CPU gets a mapping of its fd on first use (<see cref="TryMapDmaBuf"/>), kept while the fd stays the same.
/// </summary>
internal sealed unsafe class BufferSlot
{
    private readonly byte* _mapping;
    private readonly nuint _mappingLength;
    private readonly object _gate = new();
    private int _references = 1;
    private FdMapping? _dmaBufMapping;

    public BufferSlot(Interop.PipeWire.PwBuffer* buffer)
    {
        Buffer = buffer;
        var spa = buffer->Buffer;
        if (spa == null || spa->DataCount == 0)
        {
            throw new PipeWireException("PipeWire offered a buffer without data.");
        }

        var data = &spa->Datas[0];
        DataType = data->Type;
        MaxSize = (int)Math.Min(data->MaxSize, int.MaxValue);
        if (DataType == Spa.SpaConstants.DataMemFd && data->Fd >= 0)
        {
            _mappingLength = (nuint)data->MapOffset + data->MaxSize;
            var mapped = Interop.Libc.Mmap(null, _mappingLength, Interop.Libc.ProtRead, Interop.Libc.MapShared, (int)data->Fd, 0);
            if (mapped == (void*)-1)
            {
                throw new PipeWireException($"mmap of a PipeWire memfd failed (errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}).");
            }

            _mapping = (byte*)mapped;
            Data = _mapping + data->MapOffset;
        }
        else if (DataType == Spa.SpaConstants.DataMemPtr)
        {
            Data = (byte*)data->Data;
        }
    }

    public Interop.PipeWire.PwBuffer* Buffer { get; }

    public uint DataType { get; }

    /// <summary>Start of the first data block in our address space (null for DMA-BUF).</summary>
    public byte* Data { get; }

    public int MaxSize { get; }

    /// <summary>PipeWire removed the buffer (renegotiation, disconnect): it must not be queued again. Set with the loop locked.</summary>
    public bool Removed { get; set; }

    public void AddReference() => Interlocked.Increment(ref _references);

    /// <summary>The current CPU mapping of the DMA-BUF (for tests and diagnostics).</summary>
    internal FdMapping? DmaBufMapping
    {
        get
        {
            lock (_gate)
            {
                return _dmaBufMapping;
            }
        }
    }

    /// <summary>
    /// A CPU mapping of the first data block's dma-buf, with a reference for the caller (release it). Cached while
    /// the block's fd is unchanged; a new fd replaces it (the old one is unmapped once its frames are released).
    /// Call on the PipeWire loop thread, where the buffer's spa_data may be read.
    /// </summary>
    public FdMapping? TryMapDmaBuf(out string error)
    {
        var data = &Buffer->Buffer->Datas[0];
        var fd = data->Fd is >= 0 and <= int.MaxValue ? (int)data->Fd : -1;
        lock (_gate)
        {
            if (Volatile.Read(ref _references) <= 0)
            {
                error = "the buffer was already released";
                return null;
            }

            if (_dmaBufMapping is { } cached && cached.SourceFd == fd)
            {
                cached.AddReference();
                error = "";
                return cached;
            }

            var mapping = FdMapping.TryMap(fd, (long)data->MapOffset + data->MaxSize, out error);
            if (mapping is null)
            {
                return null;
            }

            _dmaBufMapping?.Release();
            _dmaBufMapping = mapping;
            mapping.AddReference();
            return mapping;
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        if (_mapping != null)
        {
            _ = Interop.Libc.Munmap(_mapping, _mappingLength);
        }

        FdMapping? dmaBuf;
        lock (_gate)
        {
            dmaBuf = _dmaBufMapping;
            _dmaBufMapping = null;
        }

        dmaBuf?.Release();
    }
}
