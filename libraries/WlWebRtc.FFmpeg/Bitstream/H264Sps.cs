namespace WlWebRtc.FFmpeg.Bitstream;

/// <summary>The parts of an H.264 sequence parameter set we check: profile, level, size and VUI colour description.</summary>
public sealed record H264Sps
{
    public int ProfileIdc { get; init; }

    /// <summary>constraint_set0..5 flags, bit 0 = constraint_set0.</summary>
    public int ConstraintFlags { get; init; }

    public int LevelIdc { get; init; }

    public int Width { get; init; }

    public int Height { get; init; }

    public bool VideoSignalTypePresent { get; init; }

    public bool FullRange { get; init; }

    public bool ColourDescriptionPresent { get; init; }

    public int ColourPrimaries { get; init; }

    public int TransferCharacteristics { get; init; }

    public int MatrixCoefficients { get; init; }

    public bool IsConstrainedBaseline => ProfileIdc == 66 && (ConstraintFlags & 0b10) != 0;
}
