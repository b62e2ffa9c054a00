namespace WlWebRtc.Host.Hardware;

/// <summary>Finds out at start what this machine and session offer. Never throws except on cancellation.</summary>
internal interface IHardwareDetector
{
    Task<HardwareReport> DetectAsync(CancellationToken cancellationToken);
}
