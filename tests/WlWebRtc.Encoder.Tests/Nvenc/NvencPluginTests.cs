using WlWebRtc.Encoder.Nvenc;
using WlWebRtc.Encoder.Nvenc.Probing;
using WlWebRtc.Encoder.Tests.Support;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.Encoder.Tests.Nvenc;

/// <summary>The NVENC plugin on a machine without an NVIDIA GPU: it finds the driver itself and says exactly what is missing.</summary>
public sealed class NvencPluginTests : IDisposable
{
    private readonly TempTree _proc = new();

    public void Dispose() => _proc.Dispose();

    private NvencEncoderPlugin Plugin(bool librariesLoad) => new(new NvidiaDetector(_proc.Root, new ScriptedLibraries(librariesLoad)));

    [Fact]
    public void Metadata_AboveVaapiIsolatedAndNoHostRequirement()
    {
        var metadata = new NvencEncoderPlugin().Metadata;
        Assert.Equal(("nvenc", 300, ProbeIsolation.ChildProcess), (metadata.Name, metadata.Priority, metadata.ProbeIsolation));
        Assert.Equal(HardwareRequirements.None, metadata.Requires);
    }

    [Fact]
    public async Task ProbeAsync_NoNvidiaDriver_UnavailableNamingEachMissingPart()
    {
        var result = await Plugin(librariesLoad: false).ProbeAsync(TestContexts.Create(), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Contains($"NVIDIA driver not loaded: the NVIDIA kernel driver is not loaded ({_proc.PathOf("driver/nvidia/version")} does not exist)", result.Reason, StringComparison.Ordinal);
        Assert.Contains("libnvidia-encode unavailable: libnvidia-encode.so.1", result.Reason, StringComparison.Ordinal);
        Assert.Contains("libcuda unavailable: libcuda.so.1", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_RealMachine_SaysWhetherTheDriverIsLoaded()
    {
        // The machine the tests run on has no NVIDIA GPU: the real detector must say so rather than try an encode.
        var driverLoaded = File.Exists("/proc/driver/nvidia/version");
        var result = await new NvencEncoderPlugin().ProbeAsync(TestContexts.Create(), CancellationToken.None);
        Assert.False(string.IsNullOrWhiteSpace(result.Reason));
        Assert.Equal(!driverLoaded, result.Reason.Contains("NVIDIA driver not loaded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ProbeAsync_DetectorClaimsNvidiaThatIsNotThere_RealTestEncodeFailsWithReason()
    {
        _proc.File("driver/nvidia/version", "NVRM version: NVIDIA UNIX x86_64 Kernel Module  550.54.14  Thu Feb 22 01:44:30 UTC 2024\n");
        var result = await Plugin(librariesLoad: true).ProbeAsync(TestContexts.Create(), CancellationToken.None);
        Assert.False(result.IsAvailable);
        Assert.Contains("nvenc test encode failed", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSettings_BadTable_ReturnsEveryError()
    {
        var errors = new NvencEncoderPlugin().ValidateSettings(TestContexts.Settings(("preset", "p9"), ("tune", "fast"), ("gpu", "-1")));
        Assert.Equal(["gpu", "preset", "tune"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
    }

    private sealed class ScriptedLibraries(bool load) : INativeLibraryProbe
    {
        public Detection TryLoad(string soname) =>
            load ? Detection.Present($"{soname} loads") : Detection.Absent($"{soname} does not load: cannot open shared object file");
    }
}
