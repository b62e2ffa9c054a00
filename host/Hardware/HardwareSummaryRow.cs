namespace WlWebRtc.Host.Hardware;

/// <summary>One line of the hardware summary, independent of how it is printed.</summary>
/// <param name="Component">What was checked ("cpu", "vaapi /dev/dri/renderD128", "pipewire"…).</param>
/// <param name="Status"><see cref="HardwareSummary.Present"/> or <see cref="HardwareSummary.Absent"/>.</param>
/// <param name="Detail">What was found, or why not.</param>
internal sealed record HardwareSummaryRow(string Component, string Status, string Detail);
