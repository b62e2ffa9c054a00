using System.Runtime.InteropServices;
using WlWebRtc.Hardware;

namespace WlWebRtc.Host.Hardware.Cpu;

/// <summary>Cores, model name (from /proc/cpuinfo) and SIMD level of the processor.</summary>
internal sealed class CpuDetector(string procRoot, Func<SimdFeatures> simd)
{
    // x86 names the model "model name"; Arm boards use "Model" (Raspberry Pi) or "Hardware", older kernels "Processor".
    private static readonly string[] ModelKeys = ["model name", "Model", "Hardware", "Processor", "cpu model"];

    public CpuDetector(string procRoot)
        : this(procRoot, () => SimdFeatures.Current)
    {
    }

    public CpuInfo Detect() => new(System.Environment.ProcessorCount, ReadModel(), simd().Level);

    private string ReadModel()
    {
        var path = Path.Combine(procRoot, "cpuinfo");
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return $"unknown ({RuntimeInformation.ProcessArchitecture}; cannot read {path}: {ex.Message})";
        }

        foreach (var key in ModelKeys)
        {
            foreach (var line in lines)
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && line.AsSpan(0, colon).Trim().Equals(key, StringComparison.Ordinal))
                {
                    var value = line[(colon + 1)..].Trim();
                    if (value.Length > 0)
                    {
                        return value;
                    }
                }
            }
        }

        return $"unknown ({RuntimeInformation.ProcessArchitecture}; {path} names no model)";
    }
}
