namespace WlWebRtc.Kde.Kwin;

/// <summary>
/// A feature of the kde capture source for the kde input plugin: where the picture the viewer sees is in KWin's global
/// space now (an output, or a captured window's frame, which moves with it), so that absolute motion lands on it.
/// </summary>
internal interface ICapturedArea
{
    /// <summary>The captured rectangle now.</summary>
    OutputArea Area { get; }
}
