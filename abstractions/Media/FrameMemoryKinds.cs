namespace WlWebRtc.Media;

/// <summary>Where a frame's pixels live; a set, so an encoder can say which it accepts.</summary>
[Flags]
public enum FrameMemoryKinds
{
    /// <summary>None.</summary>
    None = 0,

    /// <summary>A pooled buffer in process memory.</summary>
    Cpu = 1 << 0,

    /// <summary>A mapped shared-memory buffer (memfd, e.g. PipeWire MemFd/MemPtr), readable by the CPU.</summary>
    SharedMemory = 1 << 1,

    /// <summary>A DMA-BUF: one fd per plane, with offset, stride and format modifier; not mapped.</summary>
    DmaBuf = 1 << 2,

    /// <summary>Memory the CPU can read: <see cref="Cpu"/> or <see cref="SharedMemory"/>.</summary>
    CpuReadable = Cpu | SharedMemory,
}
