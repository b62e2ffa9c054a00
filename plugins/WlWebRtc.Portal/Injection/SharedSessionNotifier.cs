using Microsoft.Extensions.Logging;
using WlWebRtc.Input;
using WlWebRtc.Portal.Session;

namespace WlWebRtc.Portal.Injection;

/// <summary>
/// The Notify* calls through the capture's own RemoteDesktop session (<see cref="IRemoteDesktopSessionFeature"/>):
/// no second session and no second permission. The capture owns the session, so disposing this does not close it.
/// Once the session ends, every press and motion fails with the reason (a release is dropped: the session's devices
/// are gone, so nothing stays pressed), and the end is logged once.
/// </summary>
internal sealed partial class SharedSessionNotifier : IRemoteDesktopNotifier
{
    private readonly IRemoteDesktopSessionFeature _feature;
    private int _disposed;

    public SharedSessionNotifier(IRemoteDesktopSessionFeature feature, ILogger logger)
    {
        _feature = feature;
        _ = feature.Closed.ContinueWith(
            closed =>
            {
                if (Volatile.Read(ref _disposed) == 0)
                {
                    Log.SessionEnded(logger, feature.StreamNodeId, Reason(closed));
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    public uint? Stream => _feature.StreamNodeId;

    /// <summary>The session's own stream is what absolute motion refers to; <paramref name="stream"/> is <see cref="Stream"/>.</summary>
    public Task NotifyPointerMotionAbsoluteAsync(uint stream, double x, double y, CancellationToken cancellationToken) =>
        Ended(release: false) ?? _feature.NotifyPointerMotionAbsoluteAsync(x, y, cancellationToken).AsTask();

    public Task NotifyPointerMotionAsync(double dx, double dy, CancellationToken cancellationToken) =>
        Ended(release: false) ?? _feature.NotifyPointerMotionAsync(dx, dy, cancellationToken).AsTask();

    public Task NotifyPointerButtonAsync(int button, bool pressed, CancellationToken cancellationToken) =>
        Ended(release: !pressed) ?? _feature.NotifyPointerButtonAsync(button, pressed, cancellationToken).AsTask();

    public Task NotifyPointerAxisAsync(double dx, double dy, bool finish, CancellationToken cancellationToken) =>
        Ended(release: false) ?? _feature.NotifyPointerAxisAsync(dx, dy, finish, cancellationToken).AsTask();

    public Task NotifyPointerAxisDiscreteAsync(uint axis, int steps, CancellationToken cancellationToken) =>
        Ended(release: false) ?? _feature.NotifyPointerAxisDiscreteAsync(axis == 1 ? PointerAxis.Horizontal : PointerAxis.Vertical, steps, cancellationToken).AsTask();

    public Task NotifyKeyboardKeycodeAsync(int keycode, bool pressed, CancellationToken cancellationToken) =>
        Ended(release: !pressed) ?? _feature.NotifyKeyboardKeycodeAsync(keycode, pressed, cancellationToken).AsTask();

    public Task NotifyKeyboardKeysymAsync(int keysym, bool pressed, CancellationToken cancellationToken) =>
        Ended(release: !pressed) ?? _feature.NotifyKeyboardKeysymAsync(keysym, pressed, cancellationToken).AsTask();

    public ValueTask DisposeAsync()
    {
        Interlocked.Exchange(ref _disposed, 1);
        return ValueTask.CompletedTask;
    }

    /// <summary>Null while the session runs; else a completed release or the failure that says why input stopped.</summary>
    private Task? Ended(bool release)
    {
        var closed = _feature.Closed;
        if (!closed.IsCompleted)
        {
            return null;
        }

        return release
            ? Task.CompletedTask
            : Task.FromException(new InvalidOperationException(
                $"Input injection stopped: the capture's RemoteDesktop portal session ended ({Reason(closed)}). Input works again once the capture starts a new session."));
    }

    private static string Reason(Task closed) => closed.Exception?.InnerException?.Message ?? "closed by the compositor, the portal or the capture";

    private static partial class Log
    {
        [LoggerMessage(EventIds.SharedSessionEnded, LogLevel.Warning, "The capture's RemoteDesktop portal session (stream node {Node}) ended: {Reason}; input injection has stopped")]
        public static partial void SessionEnded(ILogger logger, uint node, string reason);
    }
}
