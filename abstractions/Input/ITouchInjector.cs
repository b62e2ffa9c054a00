namespace WlWebRtc.Input;

/// <summary>
/// An optional capability of an <see cref="IInputInjector"/>: a touchscreen. Each finger is a slot (0, 1, …) from its
/// down to its up; coordinates are normalised to the captured frame (0..1) like absolute pointer motion.
/// </summary>
public interface ITouchInjector
{
    /// <summary>A finger touches the output at (x, y), each coordinate in 0..1.</summary>
    ValueTask TouchDownAsync(int slot, double x, double y, CancellationToken cancellationToken);

    /// <summary>A finger that is down moves to (x, y).</summary>
    ValueTask TouchMotionAsync(int slot, double x, double y, CancellationToken cancellationToken);

    /// <summary>A finger leaves the output.</summary>
    ValueTask TouchUpAsync(int slot, CancellationToken cancellationToken);
}
