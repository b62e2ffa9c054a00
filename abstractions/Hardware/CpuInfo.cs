namespace WlWebRtc.Hardware;

/// <summary>The processor.</summary>
/// <param name="LogicalCores">Logical cores available to this process.</param>
/// <param name="Model">Model name.</param>
/// <param name="SimdLevel">The best SIMD level usable (e.g. "AVX2", "AVX-512", "SSE4.2", "NEON").</param>
public sealed record CpuInfo(int LogicalCores, string Model, string SimdLevel);
