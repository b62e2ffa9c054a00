using WlWebRtc.FFmpeg;
using WlWebRtc.FFmpeg.Encoding;

namespace WlWebRtc.Encoder.X264;

/// <summary>
/// libx264 through libavcodec: CBR with a VBV of one frame by default (bounded keyframes), no periodic keyframes
/// (optionally periodic intra refresh), IDR on request with SPS/PPS in front.
/// </summary>
internal sealed class X264Backend(X264EncoderOptions options) : H264Backend
{
    public override string CodecName => "libx264";

    public override int VbvBufferMilliseconds => options.VbvBufferMilliseconds;

    public X264EncoderOptions Options => options;

    public int LevelFor(EncoderGeometry geometry) => options.Level > 0
        ? options.Level
        : H264Level.Compute(geometry.Width, geometry.Height, geometry.FrameRate, geometry.BitrateBitsPerSecond, options.Profile == H264Profile.High);

    public override string Describe(EncoderGeometry geometry) =>
        $"H.264 libx264 {options.Preset}/{options.Tune}, {H264Profiles.Name(options.Profile)} level {H264Level.Format(LevelFor(geometry))}, " +
        $"{geometry.Width}x{geometry.Height}@{geometry.FrameRate}, CBR {geometry.BitrateBitsPerSecond / 1000} kb/s";

    public override void Configure(CodecOptions codec, EncoderGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(codec);
        ConfigureCommon(codec, geometry, PixelFormats.Yuv420p);
        codec.Set("threads", options.Threads);
        codec.Set("thread_type", options.SlicedThreads ? "slice" : "frame");
        codec.SetPrivate("preset", options.Preset);
        codec.SetPrivate("tune", options.Tune);
        codec.SetPrivate("profile", options.Profile switch
        {
            H264Profile.Main => "main",
            H264Profile.High => "high",
            _ => "baseline", // x264's baseline sets constraint_set0 and constraint_set1: Constrained Baseline.
        });
        codec.SetPrivate("level", H264Level.Format(LevelFor(geometry)));
        codec.SetPrivate("forced-idr", 1);

        // No periodic or scene-cut keyframes (IDRs only on request); SPS/PPS in front of every IDR. With intra refresh,
        // keyint is the refresh period (x264 then never inserts IDRs itself either).
        // x264's profile is only a ceiling, and ultrafast turns CABAC and 8x8 transforms off (which yields Baseline):
        // a configured Main or High turns on the tools that define it, so the SPS says what was asked for.
        var keyframes = options.IntraRefreshFrames > 0 ? $"keyint={options.IntraRefreshFrames}:intra-refresh=1" : "keyint=infinite";
        var parameters = keyframes + ":scenecut=0:repeat-headers=1:bframes=0" + options.Profile switch
        {
            H264Profile.Main => ":cabac=1",
            H264Profile.High => ":cabac=1:8x8dct=1",
            _ => "",
        };
        codec.SetPrivate("x264-params", options.ExtraParameters.Length == 0 ? parameters : $"{parameters}:{options.ExtraParameters}");
    }
}
