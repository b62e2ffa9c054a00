namespace WlWebRtc.Capture;

/// <summary>
/// An optional capability of a source with <see cref="IOutputSelection"/>, reached through
/// <see cref="ICaptureSource.GetFeature{TFeature}"/>: what it shows can end by itself (a captured window closed), after
/// which the source shows another output (<see cref="IOutputSelection.SelectedOutput"/>) and says why, so that viewers
/// are told and can pick again.
/// </summary>
public interface IOutputSelectionEvents
{
    /// <summary>Raised, on any thread, once the source has moved away from a selection that ended by itself.</summary>
    event EventHandler<SelectionEndedEventArgs>? SelectionEnded;
}
