namespace WlWebRtc.Capture;

/// <summary>Why the selection of an <see cref="IOutputSelectionEvents"/> source ended by itself.</summary>
/// <param name="reason">What happened, for people (e.g. "the window "wev" closed; back to output Virtual-0").</param>
public sealed class SelectionEndedEventArgs(string reason) : EventArgs
{
    /// <summary>What happened, for people.</summary>
    public string Reason { get; } = reason;
}
