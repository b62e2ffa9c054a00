using System.Text.RegularExpressions;
using WlWebRtc.Hardware;

namespace WlWebRtc.Encoder.Nvenc.Probing;

/// <summary>
/// The NVIDIA kernel driver (its version from /proc/driver/nvidia/version) and whether the user-space
/// libraries NVENC needs (libnvidia-encode, libcuda) load.
/// </summary>
internal sealed partial class NvidiaDetector(string procRoot, INativeLibraryProbe libraries)
{
    public const string EncodeLibrary = "libnvidia-encode.so.1";
    public const string CudaLibrary = "libcuda.so.1";

    public NvidiaInfo Detect()
    {
        var (driver, version) = DetectDriver();
        return new NvidiaInfo(driver, version, libraries.TryLoad(EncodeLibrary), libraries.TryLoad(CudaLibrary));
    }

    private (Detection Driver, string? Version) DetectDriver()
    {
        var path = Path.Combine(procRoot, "driver", "nvidia", "version");
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return (Detection.Absent($"the NVIDIA kernel driver is not loaded ({path} does not exist)"), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (Detection.Absent($"cannot read {path}: {ex.Message}"), null);
        }

        // "NVRM version: NVIDIA UNIX x86_64 Kernel Module  535.104.05  Sat Aug 19 01:15:15 UTC 2023"
        // "NVRM version: NVIDIA UNIX Open Kernel Module for x86_64  550.54.14  Release Build  (…)"
        var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("NVRM version:", StringComparison.Ordinal));
        var match = line is null ? Match.Empty : DriverVersion().Match(line);
        if (!match.Success)
        {
            return (Detection.Absent($"{path} names no driver version"), null);
        }

        var version = match.Groups["version"].Value;
        return (Detection.Present($"NVIDIA kernel driver {version}"), version);
    }

    [GeneratedRegex(@"Kernel Module\b.*?\s(?<version>\d+\.\d+(?:\.\d+)?)(?:\s|$)", RegexOptions.CultureInvariant)]
    private static partial Regex DriverVersion();
}
