using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Nvenc.Probing;

/// <summary>Whether a shared library loads in this process, and why not.</summary>
internal interface INativeLibraryProbe
{
    Detection TryLoad(string soname);
}
