using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware.Cpu;
using WlWebRtc.Host.Hardware.Gpu;
using WlWebRtc.Host.Hardware.Nvidia;
using WlWebRtc.Host.Hardware.Session;
using WlWebRtc.Host.Hardware.Vaapi;

namespace WlWebRtc.Host.Hardware;

/// <summary>
/// Runs the CPU, GPU (render nodes + VA-API), NVIDIA and session detectors concurrently, each bounded by the
/// guard's time limit, and assembles the inventory. Every failure is an absent part with a reason.
/// </summary>
internal sealed partial class HardwareDetector(
    CpuDetector cpu,
    GpuDetector gpu,
    NvidiaDetector nvidia,
    SessionDetector session,
    DetectionGuard guard,
    ILogger<HardwareDetector> logger) : IHardwareDetector
{
    /// <summary>How long one detector may take before it is reported absent.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(2);

    /// <summary>The detector for this machine and process environment.</summary>
    public static HardwareDetector Create(ILoggerFactory? loggerFactory = null) =>
        Create(HardwarePaths.System, ProcessEnvironmentVariables.Instance, LibVaNative.Instance, NativeLibraryProbe.Instance, DefaultLimit, loggerFactory);

    /// <summary>A detector over the given roots and environment, for tests and tools.</summary>
    public static HardwareDetector Create(
        HardwarePaths paths,
        IEnvironmentVariables environment,
        IVaapiNative vaapi,
        INativeLibraryProbe libraries,
        TimeSpan limit,
        ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var guard = new DetectionGuard(limit, loggerFactory.CreateLogger<DetectionGuard>());
        return new HardwareDetector(
            new CpuDetector(paths.ProcRoot),
            new GpuDetector(new RenderNodeScanner(paths.DevRoot, paths.SysRoot), new VaapiProbe(vaapi), guard),
            new NvidiaDetector(paths.ProcRoot, libraries),
            new SessionDetector(environment, guard),
            guard,
            loggerFactory.CreateLogger<HardwareDetector>());
    }

    public async Task<HardwareReport> DetectAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var cpuTask = guard.RunBlockingAsync("cpu", _ => cpu.Detect(), reason => new CpuInfo(System.Environment.ProcessorCount, $"unknown ({reason})", "unknown"), cancellationToken);
        var gpuTask = gpu.DetectAsync(cancellationToken);
        var nvidiaTask = guard.RunBlockingAsync("nvidia", _ => nvidia.Detect(), NvidiaAbsent, cancellationToken);
        var sessionTask = session.DetectAsync(cancellationToken);
        await Task.WhenAll(cpuTask, gpuTask, nvidiaTask, sessionTask);

        var (scan, gpus) = gpuTask.Result;
        var inventory = new HardwareInventory(cpuTask.Result, gpus, nvidiaTask.Result, sessionTask.Result);
        var report = new HardwareReport(inventory, scan.Status, Stopwatch.GetElapsedTime(started));
        if (logger.IsEnabled(LogLevel.Debug))
        {
            foreach (var row in report.ToRows())
            {
                Log.Component(logger, row.Component, row.Status, row.Detail);
            }
        }

        Log.Detected(logger, report.Elapsed.TotalMilliseconds);
        return report;
    }

    private static NvidiaInfo NvidiaAbsent(string reason) =>
        new(Detection.Absent(reason), null, Detection.Absent(reason), Detection.Absent(reason));

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Debug, Message = "Hardware detection took {ElapsedMs:0.0} ms")]
        public static partial void Detected(ILogger logger, double elapsedMs);

        [LoggerMessage(EventId = 1103, Level = LogLevel.Debug, Message = "Hardware: {Component} {Status}: {Detail}")]
        public static partial void Component(ILogger logger, string component, string status, string detail);
    }
}
