using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WlWebRtc.FFmpeg.Conversion;

/// <summary>Which instruction set converts the bulk of each row (row tails always go through the scalar code).</summary>
internal enum Yuv420Kernel
{
    /// <summary>The widest one this machine accelerates.</summary>
    Auto,

    /// <summary>Plain integer code, one 2x2 block at a time: the fallback and the reference the others must match byte for byte.</summary>
    Scalar,

    /// <summary>SSE2, eight pixels of a row pair at a time.</summary>
    Vector128,

    /// <summary>AVX2, sixteen pixels of a row pair at a time (then SSE2 and scalar for the tail).</summary>
    Vector256,
}

internal static class Yuv420Kernels
{
    public static bool IsSupported(Yuv420Kernel kernel) => kernel switch
    {
        Yuv420Kernel.Auto or Yuv420Kernel.Scalar => true,
        Yuv420Kernel.Vector128 => Sse2.IsSupported && Vector128.IsHardwareAccelerated,
        Yuv420Kernel.Vector256 => Avx2.IsSupported && Vector256.IsHardwareAccelerated && IsSupported(Yuv420Kernel.Vector128),
        _ => false,
    };

    /// <summary>The kernel <see cref="Yuv420Kernel.Auto"/> stands for on this machine.</summary>
    public static Yuv420Kernel Best =>
        IsSupported(Yuv420Kernel.Vector256) ? Yuv420Kernel.Vector256
        : IsSupported(Yuv420Kernel.Vector128) ? Yuv420Kernel.Vector128
        : Yuv420Kernel.Scalar;
}
