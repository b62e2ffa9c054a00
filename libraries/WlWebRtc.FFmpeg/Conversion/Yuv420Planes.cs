namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>
/// Where a 4:2:0 picture goes: the Y plane, then Cb and Cr planes (I420) or the interleaved UV plane in
/// <see cref="Cb"/> with <see cref="Cr"/> unused (NV12). Strides are in bytes.
/// </summary>
internal readonly unsafe struct Yuv420Planes(byte* y, int yStride, byte* cb, int cbStride, byte* cr = null, int crStride = 0)
{
    public byte* Y { get; } = y;

    public int YStride { get; } = yStride;

    public byte* Cb { get; } = cb;

    public int CbStride { get; } = cbStride;

    public byte* Cr { get; } = cr;

    public int CrStride { get; } = crStride;

    /// <summary>The planes of an allocated AVFrame (its data[] and linesize[]).</summary>
    public static Yuv420Planes OfFrame(nint frame)
    {
        var data = (byte**)(frame + NativeLayout.FrameData);
        var linesize = (int*)(frame + NativeLayout.FrameLinesize);
        return new Yuv420Planes(data[0], linesize[0], data[1], linesize[1], data[2], linesize[2]);
    }
}
