namespace WlWebRtc.Host.Hardware;

/// <summary>Where the kernel's views live; tests point these at fake trees.</summary>
/// <param name="DevRoot">The device directory (/dev).</param>
/// <param name="SysRoot">The sysfs mount (/sys).</param>
/// <param name="ProcRoot">The procfs mount (/proc).</param>
internal sealed record HardwarePaths(string DevRoot, string SysRoot, string ProcRoot)
{
    public static HardwarePaths System { get; } = new("/dev", "/sys", "/proc");
}
