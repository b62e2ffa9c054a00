using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Bitstream;
using WlWebRtc.FFmpeg.Frames;
using WlWebRtc.Media;
using WlWebRtc.Plugins;

namespace WlWebRtc.FFmpeg.Probing;

/// <summary>The real test encode every encoder probe ends with: open at a small size, encode one frame, expect an IDR with SPS/PPS.</summary>
public static class EncoderProbe
{
    public const int Width = 128;
    public const int Height = 96;

    public static async ValueTask<ProbeResult> TestEncodeAsync(string name, Func<EncoderSettings, IVideoEncoder> create, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(create);
        if (!FFmpegLibrary.TryEnsureLoaded(out var reason))
        {
            return ProbeResult.Unavailable(reason);
        }

        try
        {
            return await Task.Run(() => Encode(name, create), cancellationToken).WaitAsync(cancellationToken);
        }
        catch (VideoEncoderException e)
        {
            return ProbeResult.Unavailable($"{name} test encode failed: {e.Message}");
        }
        catch (OperationCanceledException)
        {
            return ProbeResult.Unavailable($"{name} test encode did not finish in time");
        }
    }

    private static ProbeResult Encode(string name, Func<EncoderSettings, IVideoEncoder> create)
    {
        using var encoder = create(new EncoderSettings(Width, Height, 30, 500_000));
        var pixels = new byte[Width * Height * 4];
        SyntheticFrames.TestPattern(pixels, Width, Height, Width * 4, 0);
        using var frame = new PackedVideoFrame(pixels, PixelFormat.Bgrx, Width, Height, Width * 4, 0);
        using var unit = encoder.Encode(frame, EncodeOptions.ForceKeyframe);
        if (unit is null)
        {
            return ProbeResult.Unavailable($"{name} test encode produced no output for the first frame (the encoder delays frames)");
        }

        if (!unit.IsKeyframe || !AnnexB.IsIdrWithParameterSets(unit.Data.Span))
        {
            return ProbeResult.Unavailable($"{name} test encode did not produce an IDR with SPS and PPS");
        }

        return ProbeResult.Available($"{encoder.Description}; test encode: IDR with SPS/PPS, {unit.Data.Length} bytes; FFmpeg {FFmpegLibrary.Release} (libavcodec {FFmpegLibrary.AvCodecMajor})");
    }
}
