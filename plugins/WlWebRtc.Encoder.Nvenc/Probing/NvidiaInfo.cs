using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Nvenc.Probing;

/// <summary>The NVIDIA driver and the libraries NVENC needs.</summary>
/// <param name="Driver">Whether the kernel driver is loaded.</param>
/// <param name="DriverVersion">Its version, when loaded.</param>
/// <param name="EncodeLibrary">Whether libnvidia-encode loads.</param>
/// <param name="CudaLibrary">Whether libcuda loads.</param>
internal sealed record NvidiaInfo(Detection Driver, string? DriverVersion, Detection EncodeLibrary, Detection CudaLibrary)
{
    /// <summary>Whether NVENC can be tried.</summary>
    public bool CanEncode => Driver.IsPresent && EncodeLibrary.IsPresent && CudaLibrary.IsPresent;
}
