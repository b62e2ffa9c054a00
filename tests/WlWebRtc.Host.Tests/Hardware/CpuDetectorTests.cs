using WlWebRtc.Host.Hardware.Cpu;

namespace WlWebRtc.Host.Tests.Hardware;

public sealed class CpuDetectorTests : IDisposable
{
    private static readonly SimdFeatures Avx2Machine = new(Avx512F: false, Avx2: true, Avx: true, Sse42: true, Sse2: true, AdvSimd: false);
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    private CpuDetector Detector() => new(_tree.PathOf("proc"), () => Avx2Machine);

    [Fact]
    public void Detect_X86CpuInfo_ModelNameCoresAndSimd()
    {
        _tree.File("proc/cpuinfo", "processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Core(TM) i7-12700H\nflags\t\t: fpu sse2\n\nprocessor\t: 1\nmodel name\t: Intel(R) Core(TM) i7-12700H\n");

        var cpu = Detector().Detect();

        Assert.Equal("Intel(R) Core(TM) i7-12700H", cpu.Model);
        Assert.Equal(Environment.ProcessorCount, cpu.LogicalCores);
        Assert.Equal("AVX2", cpu.SimdLevel);
    }

    [Fact]
    public void Detect_RaspberryPiCpuInfo_ModelLine()
    {
        _tree.File("proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 108.00\nCPU part\t: 0xd08\n\nHardware\t: BCM2835\nModel\t\t: Raspberry Pi 4 Model B Rev 1.4\n");

        Assert.Equal("Raspberry Pi 4 Model B Rev 1.4", Detector().Detect().Model);
    }

    [Fact]
    public void Detect_NoModelLine_UnknownNamingTheFile()
    {
        _tree.File("proc/cpuinfo", "processor\t: 0\n");

        var model = Detector().Detect().Model;

        Assert.StartsWith("unknown (", model, StringComparison.Ordinal);
        Assert.Contains("names no model", model, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_NoCpuInfo_UnknownSayingWhy()
    {
        var model = Detector().Detect().Model;

        Assert.StartsWith("unknown (", model, StringComparison.Ordinal);
        Assert.Contains("cannot read", model, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, true, true, true, true, false, "AVX-512")]
    [InlineData(false, true, true, true, true, false, "AVX2")]
    [InlineData(false, false, true, true, true, false, "AVX")]
    [InlineData(false, false, false, true, true, false, "SSE4.2")]
    [InlineData(false, false, false, false, true, false, "SSE2")]
    [InlineData(false, false, false, false, false, true, "NEON")]
    [InlineData(false, false, false, false, false, false, "none")]
    public void Level_Features_BestLevelNamed(bool avx512F, bool avx2, bool avx, bool sse42, bool sse2, bool advSimd, string expected)
    {
        Assert.Equal(expected, new SimdFeatures(avx512F, avx2, avx, sse42, sse2, advSimd).Level);
    }

    [Fact]
    public void Detect_RealMachine_ModelFromProcCpuInfo()
    {
        var expected = File.ReadLines("/proc/cpuinfo").First(l => l.StartsWith("model name", StringComparison.Ordinal)).Split(':', 2)[1].Trim();

        var cpu = new CpuDetector("/proc").Detect();

        Assert.Equal(expected, cpu.Model);
        Assert.Equal(SimdFeatures.Current.Level, cpu.SimdLevel);
        Assert.NotEqual("none", cpu.SimdLevel);
    }
}
