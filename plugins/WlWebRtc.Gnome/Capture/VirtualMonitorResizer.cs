using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Gnome.Mutter;

namespace WlWebRtc.Gnome.Capture;

/// <summary>
/// Resizes a Mutter virtual monitor (RecordVirtual) to the viewer: Mutter sizes the monitor by the format its
/// consumer negotiates, so a resize is the stream's format negotiated again with exactly the wanted size
/// (pw_stream_update_params on the running stream; the encoder sees frames of the new size, no reconnect; measured on
/// mutter 43.8: honoured every time, no restart of the stream needed). The request is done when the format is
/// negotiated at that size; Mutter not following within <see cref="FollowTimeout"/> is an error and the monitor keeps
/// the size it has. The scale is set after the size, through Mutter's monitor configuration (DisplayConfig): mutter 43
/// offers a virtual monitor whole-number scales only, and 2 only from 1600x1200 pixels on (a logical size of at least
/// 800x600), so a ratio of 1.5 gets 1, and 2 on a small stage gets 1.
/// <para>
/// Mutter 43 draws the monitor at its new size once, as it changes; when it had no buffer free at that moment (the
/// buffers are being replaced for the new format) the frame is lost and none follows until something on the screen
/// changes: a still desktop then stays at the old size in the viewer (mutter 43.8: within a few resizes, no frame for
/// 20 s). So when no frame of the new size arrives within <see cref="FrameWait"/>, the resizer moves the pointer by
/// one pixel and back through the linked RemoteDesktop session (relative motion), after which Mutter records a frame
/// (measured on 43.8, cursor as metadata too). The pointer ends where it was.
/// </para>
/// </summary>
internal sealed partial class VirtualMonitorResizer(PipeWireCapture.Capture capture, MutterSession session, TimeProvider time, ILogger logger) : IResizableOutput
{
    /// <summary>How long Mutter may take to show the monitor at its new size.</summary>
    public static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long a frame of the new size may take before the resizer makes Mutter draw one.</summary>
    public static readonly TimeSpan FrameWait = TimeSpan.FromSeconds(1);

    /// <summary>How many times the resizer makes Mutter draw before it gives up (the next damage then brings the frame).</summary>
    public const int MaxRedraws = 3;

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Lock _gate = new();
    private (int Width, int Height)? _latest;
    private TaskCompletionSource? _arrived;
    private (int Width, int Height) _awaited;

    /// <summary>The size of the newest frame.</summary>
    public (int Width, int Height)? LatestSize
    {
        get
        {
            lock (_gate)
            {
                return _latest;
            }
        }
    }

    /// <summary>A frame arrived (any thread).</summary>
    public void OnFrameSize(int width, int height)
    {
        TaskCompletionSource? arrived = null;
        lock (_gate)
        {
            _latest = (width, height);
            if (_arrived is not null && _awaited == (width, height))
            {
                arrived = _arrived;
                _arrived = null;
            }
        }

        arrived?.TrySetResult();
    }

    public async ValueTask ResizeAsync(DesiredOutputSize size, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(size);
        var wanted = (size.Width, size.Height);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        bool sized;
        lock (_gate)
        {
            sized = _latest == wanted;
            if (!sized)
            {
                _awaited = wanted;
                _arrived = arrived;
            }
        }

        if (sized)
        {
            await ScaleAsync(size, cancellationToken).ConfigureAwait(false);
            return;
        }

        var result = capture.RequestSize(size.Width, size.Height);
        if (result < 0)
        {
            throw new MutterException(string.Create(CultureInfo.InvariantCulture, $"Asking Mutter's virtual monitor for {size.Width}x{size.Height} failed: pw_stream_update_params returned {result}"));
        }

        // done when the format is negotiated at that size or a frame of it arrives; a frame need not follow at once:
        // Mutter draws one after a resize only if it had a buffer free at that moment, else at the next damage
        var deadline = time.GetTimestamp();
        while (!arrived.Task.IsCompleted && capture.NegotiatedSize != wanted)
        {
            if (time.GetElapsedTime(deadline) > FollowTimeout)
            {
                var latest = LatestSize is { } now ? string.Create(CultureInfo.InvariantCulture, $"{now.Width}x{now.Height}") : "no frame yet";
                var negotiated = capture.NegotiatedSize is { } format ? string.Create(CultureInfo.InvariantCulture, $"{format.Width}x{format.Height}") : "none";
                throw new MutterException(
                    string.Create(CultureInfo.InvariantCulture, $"Mutter did not resize the virtual monitor to {size.Width}x{size.Height} within {FollowTimeout.TotalSeconds:0} s (frames are {latest}, the negotiated format {negotiated})"));
            }

            await Task.WhenAny(arrived.Task, Task.Delay(PollInterval, time, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        session.OnStreamSized(size.Width, size.Height);
        Log.Resized(logger, size.Width, size.Height);
        await EnsureFrameAsync(wanted, arrived.Task, cancellationToken).ConfigureAwait(false);
        await ScaleAsync(size, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The scale follows the viewer's devicePixelRatio where Mutter allows it (see
    /// <see cref="MutterSession.ScaleVirtualMonitorAsync"/>); a monitor Mutter cannot scale keeps its scale and its new
    /// pixel size (logged): the resize itself has happened.
    /// </summary>
    private async Task ScaleAsync(DesiredOutputSize size, CancellationToken cancellationToken)
    {
        try
        {
            if (await session.ScaleVirtualMonitorAsync(size.Width, size.Height, size.Scale, cancellationToken).ConfigureAwait(false) is { } scale)
            {
                Log.Scaled(logger, scale, size.Scale);
            }
        }
        catch (MutterException exception)
        {
            Log.ScaleKept(logger, size.Scale, exception.Message);
        }
    }

    /// <summary>Waits for a frame of <paramref name="wanted"/>; while none comes, makes Mutter draw (see the class remarks).</summary>
    private async Task EnsureFrameAsync((int Width, int Height) wanted, Task arrived, CancellationToken cancellationToken)
    {
        for (var redraw = 0; redraw <= MaxRedraws; redraw++)
        {
            var waited = time.GetTimestamp();
            while (!arrived.IsCompleted && LatestSize != wanted && time.GetElapsedTime(waited) < FrameWait)
            {
                await Task.WhenAny(arrived, Task.Delay(PollInterval, time, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (arrived.IsCompleted || LatestSize == wanted)
            {
                return;
            }

            if (redraw == MaxRedraws)
            {
                break;
            }

            Log.Redrawing(logger, wanted.Width, wanted.Height, redraw + 1);
            await session.CallRemoteDesktopAsync("NotifyPointerMotionRelative", "dd", [1.0, 0.0], cancellationToken).ConfigureAwait(false);
            await session.CallRemoteDesktopAsync("NotifyPointerMotionRelative", "dd", [-1.0, 0.0], cancellationToken).ConfigureAwait(false);
        }

        Log.NoFrameAfterResize(logger, wanted.Width, wanted.Height, MaxRedraws);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.VirtualMonitorResized, LogLevel.Information, "Mutter's virtual monitor is now {Width}x{Height}")]
        public static partial void Resized(ILogger logger, int width, int height);

        [LoggerMessage(EventIds.VirtualMonitorRedraw, LogLevel.Debug, "No {Width}x{Height} frame yet from Mutter's virtual monitor: moving the pointer a pixel and back so that it draws one (attempt {Attempt})")]
        public static partial void Redrawing(ILogger logger, int width, int height, int attempt);

        [LoggerMessage(EventIds.VirtualMonitorNoFrame, LogLevel.Warning, "Mutter's virtual monitor sent no {Width}x{Height} frame after {Attempts} redraws: the viewer sees the new size at the next change on screen")]
        public static partial void NoFrameAfterResize(ILogger logger, int width, int height, int attempts);

        [LoggerMessage(EventIds.VirtualMonitorScaled, LogLevel.Information, "Mutter's virtual monitor now has scale {Scale} (the viewer asked for {Wanted})")]
        public static partial void Scaled(ILogger logger, double scale, double wanted);

        [LoggerMessage(EventIds.VirtualMonitorScaleKept, LogLevel.Information, "The viewer asked for scale {Wanted}: {Reason}")]
        public static partial void ScaleKept(ILogger logger, double wanted, string reason);
    }
}
