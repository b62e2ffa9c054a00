using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Encoding;

namespace WlWebRtc.Encoder.Nvenc;

/// <summary>
/// h264_nvenc, preset p1, tune ull, zero latency, no delay, CBR, forced IDR. Frames are uploaded from system
/// memory by the encoder itself (NV12 input). Bitrate changes are reconfigured on the fly by libavcodec.
/// </summary>
internal sealed class NvencBackend(NvencEncoderOptions options) : H264Backend
{
    public override string CodecName => "h264_nvenc";

    public override int VbvBufferMilliseconds => options.VbvBufferMilliseconds;

    public override int SoftwareFormat => PixelFormats.Nv12;

    public override string Describe(EncoderGeometry geometry) =>
        $"H.264 NVENC (GPU {options.Gpu}) {options.Preset}/{options.Tune}, {H264Profiles.Name(options.Profile)}, " +
        $"{geometry.Width}x{geometry.Height}@{geometry.FrameRate}, CBR {geometry.BitrateBitsPerSecond / 1000} kb/s";

    public override void Configure(CodecOptions codec, EncoderGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ConfigureCommon(codec, geometry, PixelFormats.Nv12);
        codec.Set("g", int.MaxValue);
        codec.SetPrivate("gpu", options.Gpu);
        codec.SetPrivate("preset", options.Preset);
        codec.SetPrivate("tune", options.Tune);
        codec.SetPrivate("profile", options.Profile switch
        {
            H264Profile.Main => "main",
            H264Profile.High => "high",
            _ => "baseline",
        });
        codec.SetPrivate("level", H264Level.Format(H264Level.Compute(geometry.Width, geometry.Height, geometry.FrameRate, geometry.BitrateBitsPerSecond, options.Profile == H264Profile.High)));
        codec.SetPrivate("rc", "cbr");
        codec.SetPrivate("zerolatency", 1);
        codec.SetPrivate("delay", 0);
        codec.SetPrivate("forced-idr", 1);
        codec.SetPrivate("no-scenecut", 1);
    }
}
