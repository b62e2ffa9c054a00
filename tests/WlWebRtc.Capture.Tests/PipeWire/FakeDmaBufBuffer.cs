using System.Runtime.InteropServices;
using WlWebRtc.Portal.Spa;
using static WlWebRtc.Portal.PipeWire.Interop.PipeWire;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>A pw_buffer in native memory as PipeWire hands one over: one spa_data of type DmaBuf with an fd and a chunk.</summary>
internal sealed unsafe class FakeDmaBufBuffer : IDisposable
{
    public FakeDmaBufBuffer(int fd, uint maxSize, uint chunkOffset, int stride, uint chunkSize)
    {
        Chunk = (SpaChunk*)NativeMemory.AllocZeroed((nuint)sizeof(SpaChunk));
        Data = (SpaData*)NativeMemory.AllocZeroed((nuint)sizeof(SpaData));
        Spa = (SpaBuffer*)NativeMemory.AllocZeroed((nuint)sizeof(SpaBuffer));
        Buffer = (PwBuffer*)NativeMemory.AllocZeroed((nuint)sizeof(PwBuffer));
        Chunk->Offset = chunkOffset;
        Chunk->Stride = stride;
        Chunk->Size = chunkSize;
        Data->Type = SpaConstants.DataDmaBuf;
        Data->Fd = fd;
        Data->MaxSize = maxSize;
        Data->Chunk = Chunk;
        Spa->DataCount = 1;
        Spa->Datas = Data;
        Buffer->Buffer = Spa;
    }

    public PwBuffer* Buffer { get; }

    public SpaBuffer* Spa { get; }

    public SpaData* Data { get; }

    public SpaChunk* Chunk { get; }

    public void Dispose()
    {
        NativeMemory.Free(Buffer);
        NativeMemory.Free(Spa);
        NativeMemory.Free(Data);
        NativeMemory.Free(Chunk);
    }
}
