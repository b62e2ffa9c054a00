using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Hardware;
using WlWebRtc.Host.Hardware.Cpu;
using WlWebRtc.Host.Hardware.Drm;
using WlWebRtc.Host.Hardware.Session;

namespace WlWebRtc.Host.Hardware;

/// <summary>
/// Runs the CPU, render node and session detectors concurrently, each bounded by the guard's time limit, and
/// assembles the inventory. Every failure is an absent part with a reason. Only generic facts: nothing here loads a
/// vendor driver (VA-API and NVIDIA are probed by their encoder plugins, in the isolated probe process).
/// </summary>
internal sealed partial class HardwareDetector(
    CpuDetector cpu,
    RenderNodeScanner renderNodes,
    SessionDetector session,
    DetectionGuard guard,
    ILogger<HardwareDetector> logger) : IHardwareDetector
{
    /// <summary>How long one detector may take before it is reported absent.</summary>
    public static readonly TimeSpan DefaultLimit = TimeSpan.FromSeconds(2);

    /// <summary>The detector for this machine and process environment.</summary>
    public static HardwareDetector Create(ILoggerFactory? loggerFactory = null) =>
        Create(HardwarePaths.System, ProcessEnvironmentVariables.Instance, DefaultLimit, loggerFactory);

    /// <summary>A detector over the given roots and environment, for tests and tools.</summary>
    public static HardwareDetector Create(
        HardwarePaths paths,
        IEnvironmentVariables environment,
        TimeSpan limit,
        ILoggerFactory? loggerFactory = null)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var guard = new DetectionGuard(limit, loggerFactory.CreateLogger<DetectionGuard>());
        return new HardwareDetector(
            new CpuDetector(paths.ProcRoot),
            new RenderNodeScanner(paths.DevRoot, paths.SysRoot),
            new SessionDetector(environment, guard),
            guard,
            loggerFactory.CreateLogger<HardwareDetector>());
    }

    public async Task<HardwareReport> DetectAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var cpuTask = guard.RunBlockingAsync("cpu", _ => cpu.Detect(), reason => new CpuInfo(System.Environment.ProcessorCount, $"unknown ({reason})", "unknown"), cancellationToken);
        var scanTask = guard.RunBlockingAsync("render nodes", _ => renderNodes.Scan(), RenderNodeScan.None, cancellationToken);
        var sessionTask = session.DetectAsync(cancellationToken);
        await Task.WhenAll(cpuTask, scanTask, sessionTask);

        var scan = scanTask.Result;
        var inventory = new HardwareInventory(cpuTask.Result, scan.Nodes, sessionTask.Result);
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

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.HardwareDetected, Level = LogLevel.Debug, Message = "Hardware detection took {ElapsedMs:0.0} ms")]
        public static partial void Detected(ILogger logger, double elapsedMs);

        [LoggerMessage(EventId = EventIds.HardwareComponent, Level = LogLevel.Debug, Message = "Hardware: {Component} {Status}: {Detail}")]
        public static partial void Component(ILogger logger, string component, string status, string detail);
    }
}
