namespace WlWebRtc.Capture;

/// <summary>
/// An optional capability of a capture source, reached through <see cref="ICaptureSource.GetFeature{TFeature}"/>: the
/// desktop has outputs the source can list, and it can capture another one of them. After a switch, frames of the
/// chosen output (at its size) arrive through the same sink, as after a mode change.
/// </summary>
public interface IOutputSelection
{
    /// <summary>
    /// The name that asks for every output side by side in one picture of the desktop's layout, and that
    /// <see cref="SelectedOutput"/> gives while they are shown so; a source that cannot throws from
    /// <see cref="SelectOutputAsync"/>.
    /// </summary>
    const string AllOutputs = "*";

    /// <summary>The name of the output captured now, when the source knows it.</summary>
    string? SelectedOutput { get; }

    /// <summary>The desktop's active outputs now, in layout order.</summary>
    ValueTask<IReadOnlyList<DesktopOutput>> ListOutputsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Captures the output named <paramref name="name"/> from now on. Throws when there is no such output or the switch
    /// fails; the source then goes on capturing what it captured before.
    /// </summary>
    ValueTask SelectOutputAsync(string name, CancellationToken cancellationToken);
}
