namespace WlWebRtc.Host.Hardware.Cpu;

/// <summary>The instruction-set extensions the runtime will use here (DOTNET_Enable* settings included).</summary>
internal readonly record struct SimdFeatures(bool Avx512F, bool Avx2, bool Avx, bool Sse42, bool Sse2, bool AdvSimd)
{
    public static SimdFeatures Current => new(
        System.Runtime.Intrinsics.X86.Avx512F.IsSupported,
        System.Runtime.Intrinsics.X86.Avx2.IsSupported,
        System.Runtime.Intrinsics.X86.Avx.IsSupported,
        System.Runtime.Intrinsics.X86.Sse42.IsSupported,
        System.Runtime.Intrinsics.X86.Sse2.IsSupported,
        System.Runtime.Intrinsics.Arm.AdvSimd.IsSupported);

    /// <summary>The best level, as the contracts name it ("AVX-512", "AVX2", "AVX", "SSE4.2", "SSE2", "NEON" or "none").</summary>
    public string Level =>
        Avx512F ? "AVX-512"
        : Avx2 ? "AVX2"
        : Avx ? "AVX"
        : Sse42 ? "SSE4.2"
        : Sse2 ? "SSE2"
        : AdvSimd ? "NEON"
        : "none";
}
