using WlWebRtc.Encoder.Vaapi.Probing;

namespace WlWebRtc.Encoder.Tests.Vaapi;

/// <summary>
/// The real libva (libva2 + libva-drm2 must be installed). This machine has no GPU, so the node given to libva
/// is /dev/null, a character device that is not a DRM device: libva is loaded and vaGetDisplayDRM really runs,
/// and must refuse it with a reason (vaInitialize and the queries cannot be reached without a DRM device).
/// </summary>
public sealed class LibVaNativeTests
{
    [Fact]
    public void LoadError_LibvaInstalled_Null()
    {
        Assert.Null(LibVaNative.Instance.LoadError);
    }

    [Fact]
    public void Probe_NonDrmCharacterDevice_AbsentBecauseLibvaGivesNoDisplay()
    {
        var info = new VaapiProbe(LibVaNative.Instance).Probe("/dev/null");

        Assert.False(info.Status.IsPresent);
        Assert.Equal("vaGetDisplayDRM gave no display for /dev/null (not a DRM device?)", info.Status.Reason);
        Assert.False(info.CanEncodeH264);
    }

    [Fact]
    public void Probe_RepeatedOnNonDrmDevice_SameReasonEachTime()
    {
        var probe = new VaapiProbe(LibVaNative.Instance);

        var reasons = Enumerable.Range(0, 20).Select(_ => probe.Probe("/dev/null").Status.Reason).Distinct().ToArray();

        Assert.Single(reasons);
    }

    [Fact]
    public void TryOpen_MissingNode_FailsWithReasonNamingTheNode()
    {
        var opened = LibVaNative.Instance.TryOpen("/nonexistent/renderD128", out var display, out var error);

        Assert.False(opened);
        Assert.Null(display);
        Assert.Contains("cannot open /nonexistent/renderD128", error, StringComparison.Ordinal);
    }
}
