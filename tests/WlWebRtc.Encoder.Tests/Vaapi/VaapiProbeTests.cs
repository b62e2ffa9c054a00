using WlWebRtc.Encoder.Vaapi.Probing;

namespace WlWebRtc.Encoder.Tests.Vaapi;

public sealed class VaapiProbeTests
{
    private const string Node = "/dev/dri/renderD128";
    private const int Vld = 1;
    private const int ProfileVp9 = 19;

    [Fact]
    public void Probe_LibvaNotInstalled_AbsentWithLoadError()
    {
        var native = new FakeVaapiNative { LoadError = "libva.so.2 not installed" };

        var info = new VaapiProbe(native).Probe(Node);

        Assert.False(info.Status.IsPresent);
        Assert.Equal("libva.so.2 not installed", info.Status.Reason);
        Assert.Empty(native.Opened);
        Assert.False(info.CanEncodeH264);
    }

    [Fact]
    public void Probe_NodeCannotBeOpened_AbsentWithOpenError()
    {
        var native = new FakeVaapiNative { OpenError = "cannot open /dev/dri/renderD128: permission denied" };

        var info = new VaapiProbe(native).Probe(Node);

        Assert.False(info.Status.IsPresent);
        Assert.Equal(native.OpenError, info.Status.Reason);
    }

    [Fact]
    public void Probe_InitializeFails_AbsentWithVaErrorStrAndLibvaMessages()
    {
        var display = new FakeVaapiDisplay
        {
            InitializeStatus = FakeVaapiDisplay.StatusUnknown,
            ErrorMessages = ["va_getDriverNameByIndex() failed with unknown libva error, driver_name = (null)"],
        };
        var native = new FakeVaapiNative { Display = display };

        var info = new VaapiProbe(native).Probe(Node);

        Assert.False(info.Status.IsPresent);
        Assert.StartsWith($"vaInitialize failed on {Node}: unknown libva error", info.Status.Reason, StringComparison.Ordinal);
        Assert.Contains("driver_name = (null)", info.Status.Reason, StringComparison.Ordinal);
        Assert.Null(info.DriverVendor);
        Assert.True(display.Disposed);
    }

    [Fact]
    public void Probe_H264EncodeOnSeveralProfiles_PresentWithDistinctEntrypointsInOrder()
    {
        var display = new FakeVaapiDisplay
        {
            Profiles = [VaConstants.ProfileH264Main, VaConstants.ProfileH264High, VaConstants.ProfileH264ConstrainedBaseline, ProfileVp9],
            Entrypoints = new()
            {
                [VaConstants.ProfileH264ConstrainedBaseline] = [Vld, VaConstants.EntrypointEncSliceLP],
                [VaConstants.ProfileH264Main] = [Vld, VaConstants.EntrypointEncSlice, VaConstants.EntrypointEncSliceLP],
                [VaConstants.ProfileH264High] = [Vld, VaConstants.EntrypointEncSliceLP, VaConstants.EntrypointEncSlice],
            },
        };

        var info = new VaapiProbe(new FakeVaapiNative { Display = display }).Probe(Node);

        Assert.True(info.Status.IsPresent);
        Assert.True(info.CanEncodeH264);
        Assert.Equal(["EncSlice", "EncSliceLP"], info.H264EncodeEntrypoints);
        Assert.Equal(display.Vendor, info.DriverVendor);
        Assert.Contains("VA-API 1.17", info.Status.Reason, StringComparison.Ordinal);
        Assert.Contains("ConstrainedBaseline, Main, High", info.Status.Reason, StringComparison.Ordinal);
        Assert.True(display.Disposed);
    }

    [Fact]
    public void Probe_DecodeOnly_PresentButCannotEncodeH264()
    {
        var display = new FakeVaapiDisplay
        {
            Vendor = "Mesa Gallium driver 22.3.6 for AMD Radeon",
            Profiles = [VaConstants.ProfileH264Main, VaConstants.ProfileH264High],
            Entrypoints = new() { [VaConstants.ProfileH264Main] = [Vld], [VaConstants.ProfileH264High] = [Vld] },
        };

        var info = new VaapiProbe(new FakeVaapiNative { Display = display }).Probe(Node);

        Assert.True(info.Status.IsPresent);
        Assert.False(info.CanEncodeH264);
        Assert.Empty(info.H264EncodeEntrypoints);
        Assert.Contains("no H.264 encode entrypoint", info.Status.Reason, StringComparison.Ordinal);
        Assert.Equal("Mesa Gallium driver 22.3.6 for AMD Radeon", info.DriverVendor);
    }

    [Fact]
    public void Probe_NoH264Profile_EntrypointsNeverQueriedForOtherProfiles()
    {
        var display = new FakeVaapiDisplay
        {
            Profiles = [ProfileVp9],
            Entrypoints = new() { [ProfileVp9] = [VaConstants.EntrypointEncSlice] },
        };

        var info = new VaapiProbe(new FakeVaapiNative { Display = display }).Probe(Node);

        Assert.False(info.CanEncodeH264);
        Assert.Contains("no H.264 encode entrypoint", info.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_EntrypointQueryFailsForOneProfile_OthersStillCountAndFailureIsNamed()
    {
        var display = new FakeVaapiDisplay
        {
            Profiles = [VaConstants.ProfileH264Main, VaConstants.ProfileH264High],
            Entrypoints = new() { [VaConstants.ProfileH264High] = [VaConstants.EntrypointEncSlice] },
        };

        var info = new VaapiProbe(new FakeVaapiNative { Display = display }).Probe(Node);

        Assert.True(info.CanEncodeH264);
        Assert.Equal(["EncSlice"], info.H264EncodeEntrypoints);
        Assert.Contains("vaQueryConfigEntrypoints(Main) failed: unknown libva error", info.Status.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Probe_ProfileQueryFails_PresentWithoutEncodeAndReasonNamesTheCall()
    {
        var display = new FakeVaapiDisplay { ProfilesStatus = FakeVaapiDisplay.StatusUnknown };

        var info = new VaapiProbe(new FakeVaapiNative { Display = display }).Probe(Node);

        Assert.True(info.Status.IsPresent);
        Assert.False(info.CanEncodeH264);
        Assert.Contains("vaQueryConfigProfiles failed: unknown libva error", info.Status.Reason, StringComparison.Ordinal);
    }
}
