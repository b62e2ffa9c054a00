namespace WlWebRtc.Capture;

/// <summary>
/// An optional capability of a capture source, reached through <see cref="ICaptureSource.GetFeature{TFeature}"/>: the
/// desktop can give the captured output another size and scale, so that it fits what the controlling viewer shows.
/// Frames at the new size then arrive through the sink as after any mode change.
/// </summary>
public interface IResizableOutput
{
    /// <summary>
    /// Asks the compositor for <paramref name="size"/> on the captured output. Throws when the compositor refuses;
    /// the source goes on capturing at whatever size the output has.
    /// </summary>
    ValueTask ResizeAsync(DesiredOutputSize size, CancellationToken cancellationToken);

    /// <summary>
    /// Gives the output back the size and scale it had before the first <see cref="ResizeAsync"/> (the controlling
    /// viewer left). The default does nothing: a source that cannot tell the size it had keeps the last one.
    /// </summary>
    ValueTask RestoreAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
