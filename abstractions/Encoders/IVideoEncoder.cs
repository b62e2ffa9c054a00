using WlWebRtc.Media;

namespace WlWebRtc.Encoders;

/// <summary>
/// A running encoder. Not thread-safe for <see cref="Encode"/> (one pipeline thread calls it);
/// <see cref="RequestKeyframe"/> and <see cref="SetBitrate"/> may be called from any thread.
/// </summary>
public interface IVideoEncoder : IDisposable
{
    /// <summary>A short description (codec, implementation, profile) for logs and status.</summary>
    string Description { get; }

    /// <summary>What this encoder accepts.</summary>
    EncoderInputCapabilities InputCapabilities { get; }

    /// <summary>
    /// Encodes one frame. The caller keeps ownership of <paramref name="frame"/> and disposes it after the call
    /// (the encoder copies or uploads what it needs before returning). Returns the access unit (one reference,
    /// owned by the caller), or null when the encoder produced nothing for this frame. A frame of another size
    /// than the previous one reopens the encoder and yields an IDR.
    /// Throws <see cref="VideoEncoderException"/> on failure.
    /// </summary>
    EncodedAccessUnit? Encode(VideoFrame frame, EncodeOptions options = EncodeOptions.None);

    /// <summary>
    /// Encodes the last frame again from the encoder's own copy — e.g. as a keyframe for a viewer who joins while the
    /// screen is static — so that the pipeline can release every captured frame as soon as it is encoded. Returns null
    /// when the encoder keeps no copy (nothing encoded yet, or a DMA-BUF frame went straight to the hardware).
    /// </summary>
    EncodedAccessUnit? RepeatLastFrame(EncodeOptions options) => null;

    /// <summary>Makes the next encoded frame an IDR.</summary>
    void RequestKeyframe();

    /// <summary>Changes the target bitrate at run time, without a keyframe or reopening.</summary>
    void SetBitrate(int bitsPerSecond);

    /// <summary>The current target bitrate.</summary>
    int BitrateBitsPerSecond { get; }
}
