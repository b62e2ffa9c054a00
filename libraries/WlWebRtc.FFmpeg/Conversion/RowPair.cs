namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>
/// Two source rows and where their output goes. <see cref="Cb"/>/<see cref="Cr"/> point at the chroma row; when
/// <see cref="Interleaved"/> (NV12) they are the UV row and the UV row + 1, and block i's samples sit at 2i.
/// </summary>
internal readonly unsafe struct RowPair(byte* top, byte* bottom, byte* lumaTop, byte* lumaBottom, byte* cb, byte* cr, bool interleaved)
{
    public byte* Top { get; } = top;

    public byte* Bottom { get; } = bottom;

    public byte* LumaTop { get; } = lumaTop;

    public byte* LumaBottom { get; } = lumaBottom;

    public byte* Cb { get; } = cb;

    public byte* Cr { get; } = cr;

    public bool Interleaved { get; } = interleaved;
}
