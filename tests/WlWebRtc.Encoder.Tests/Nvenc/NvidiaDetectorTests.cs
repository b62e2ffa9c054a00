using WlWebRtc.Encoder.Nvenc.Probing;
using WlWebRtc.Encoder.Tests.Support;
using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Tests.Nvenc;

public sealed class NvidiaDetectorTests : IDisposable
{
    private readonly TempTree _tree = new();
    private readonly FakeLibraries _libraries = new();

    public void Dispose() => _tree.Dispose();

    private NvidiaInfo Detect() => new NvidiaDetector(_tree.PathOf("proc"), _libraries).Detect();

    [Fact]
    public void Detect_NoProcFile_DriverAbsentSayingNotLoaded()
    {
        var info = Detect();

        Assert.False(info.Driver.IsPresent);
        Assert.Contains("not loaded", info.Driver.Reason, StringComparison.Ordinal);
        Assert.Contains(_tree.PathOf("proc/driver/nvidia/version"), info.Driver.Reason, StringComparison.Ordinal);
        Assert.Null(info.DriverVersion);
        Assert.False(info.CanEncode);
    }

    [Fact]
    public void Detect_ProprietaryModule_VersionParsed()
    {
        _tree.File("proc/driver/nvidia/version",
            "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\nGCC version:  gcc version 12.2.0 (Debian 12.2.0-14)\n");

        var info = Detect();

        Assert.True(info.Driver.IsPresent);
        Assert.Equal("535.104.05", info.DriverVersion);
        Assert.Contains("535.104.05", info.Driver.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_OpenKernelModule_VersionParsed()
    {
        _tree.File("proc/driver/nvidia/version",
            "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.54.14  Release Build  (dvs-builder@U16-I3-B13-4-3)  Thu Feb 22 01:25:25 UTC 2024\n");

        Assert.Equal("550.54.14", Detect().DriverVersion);
    }

    [Fact]
    public void Detect_UnrecognisedProcFile_DriverAbsentSayingNoVersion()
    {
        _tree.File("proc/driver/nvidia/version", "garbage\n");

        var info = Detect();

        Assert.False(info.Driver.IsPresent);
        Assert.Contains("names no driver version", info.Driver.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_LibrariesLoad_CanEncodeWhenDriverPresent()
    {
        _tree.File("proc/driver/nvidia/version", "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023\n");
        _libraries.Loadable = true;

        var info = Detect();

        Assert.True(info.CanEncode);
        Assert.Equal("libnvidia-encode.so.1 loads", info.EncodeLibrary.Reason);
        Assert.Equal("libcuda.so.1 loads", info.CudaLibrary.Reason);
    }

    [Fact]
    public void Detect_LibrariesMissing_ReasonsFromTheLoader()
    {
        var info = Detect();

        Assert.Equal("libnvidia-encode.so.1: cannot open shared object file", info.EncodeLibrary.Reason);
        Assert.Equal("libcuda.so.1: cannot open shared object file", info.CudaLibrary.Reason);
    }

    [Fact]
    public void TryLoad_RealMissingLibrary_AbsentWithDlerrorText()
    {
        var detection = NativeLibraryProbe.Instance.TryLoad("libwlwebrtc-does-not-exist.so.7");

        Assert.False(detection.IsPresent);
        Assert.Equal(
            "libwlwebrtc-does-not-exist.so.7 does not load: libwlwebrtc-does-not-exist.so.7: cannot open shared object file: No such file or directory",
            detection.Reason);
    }

    [Fact]
    public void TryLoad_RealInstalledLibrary_Present()
    {
        // libva is a required Debian package of the project (scripts/install-deps.sh).
        var detection = NativeLibraryProbe.Instance.TryLoad("libva.so.2");

        Assert.True(detection.IsPresent, detection.Reason);
    }

    private sealed class FakeLibraries : INativeLibraryProbe
    {
        public bool Loadable { get; set; }

        public Detection TryLoad(string soname) =>
            Loadable ? Detection.Present($"{soname} loads") : Detection.Absent($"{soname}: cannot open shared object file");
    }
}
