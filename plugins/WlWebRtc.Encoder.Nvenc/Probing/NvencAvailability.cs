namespace WlWebRtc.Encoder.Nvenc.Probing;

/// <summary>Whether the NVIDIA driver, libnvidia-encode and libcuda found here allow NVENC, and if not, why.</summary>
internal static class NvencAvailability
{
    public static bool Check(NvidiaInfo nvidia, out string reason)
    {
        ArgumentNullException.ThrowIfNull(nvidia);
        var problems = new List<string>();
        if (!nvidia.Driver.IsPresent)
        {
            problems.Add($"NVIDIA driver not loaded: {nvidia.Driver.Reason}");
        }

        if (!nvidia.EncodeLibrary.IsPresent)
        {
            problems.Add($"libnvidia-encode unavailable: {nvidia.EncodeLibrary.Reason}");
        }

        if (!nvidia.CudaLibrary.IsPresent)
        {
            problems.Add($"libcuda unavailable: {nvidia.CudaLibrary.Reason}");
        }

        reason = problems.Count == 0
            ? $"NVIDIA driver {nvidia.DriverVersion ?? "(version unknown)"} with libnvidia-encode and libcuda"
            : string.Join("; ", problems);
        return problems.Count == 0;
    }
}
