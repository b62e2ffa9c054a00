using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Nvidia;

/// <summary>Whether a shared library loads in this process, and why not.</summary>
internal interface INativeLibraryProbe
{
    Detection TryLoad(string soname);
}
