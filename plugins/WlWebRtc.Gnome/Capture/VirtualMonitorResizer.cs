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
/// the size it has. Only the pixel size is followed: a virtual monitor's scale belongs to Mutter's
/// monitor configuration, which a screen cast does not set.
/// </summary>
internal sealed partial class VirtualMonitorResizer(PipeWireCapture.Capture capture, MutterSession session, TimeProvider time, ILogger logger) : IResizableOutput
{
    /// <summary>How long Mutter may take to show the monitor at its new size.</summary>
    public static readonly TimeSpan FollowTimeout = TimeSpan.FromSeconds(10);

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
        lock (_gate)
        {
            if (_latest == wanted)
            {
                return;
            }

            _awaited = wanted;
            _arrived = arrived;
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
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.VirtualMonitorResized, LogLevel.Information, "Mutter's virtual monitor is now {Width}x{Height}")]
        public static partial void Resized(ILogger logger, int width, int height);
    }
}
