namespace WlWebRtc.Capture.Portal.PipeWire;

/// <summary>
/// One pw_buffer of the stream and our own read-only mapping of its memfd. The mapping is reference counted
/// (the stream holds one reference, each frame another), so a frame stays readable after renegotiation
/// removed its buffer; PipeWire's own mapping (MAP_BUFFERS) would vanish under it.
/// </summary>
internal sealed unsafe class BufferSlot
{
    private readonly byte* _mapping;
    private readonly nuint _mappingLength;
    private int _references = 1;

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

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0 && _mapping != null)
        {
            _ = Interop.Libc.Munmap(_mapping, _mappingLength);
        }
    }
}
