namespace WlWebRtc.FFmpeg;

/// <summary>
/// Field offsets of AVHWFramesContext. libavutil 57/58 have an <c>internal</c> pointer after av_class; later
/// versions may not. Rather than guess, the candidate layouts are checked against a freshly allocated
/// context (format and sw_format are AV_PIX_FMT_NONE, width and height 0, device_ctx is the device's data).
/// </summary>
internal sealed record HwFramesLayout(int DeviceContext, int InitialPoolSize, int Format, int SoftwareFormat, int Width, int Height)
{
    private static readonly HwFramesLayout[] Candidates =
    [
        new(24, 64, 68, 72, 76, 80),
        new(16, 56, 60, 64, 68, 72),
    ];

    /// <summary>The layout that matches this allocated frames context, or null.</summary>
    public static unsafe HwFramesLayout? Detect(nint framesRef, nint deviceRef)
    {
        var frames = *(nint*)(framesRef + NativeLayout.BufferRefData);
        var device = *(nint*)(deviceRef + NativeLayout.BufferRefData);
        foreach (var layout in Candidates)
        {
            if (*(nint*)(frames + layout.DeviceContext) == device
                && *(int*)(frames + layout.Format) == -1 && *(int*)(frames + layout.SoftwareFormat) == -1
                && *(int*)(frames + layout.Width) == 0 && *(int*)(frames + layout.Height) == 0
                && *(int*)(frames + layout.InitialPoolSize) == 0)
            {
                return layout;
            }
        }

        return null;
    }
}
