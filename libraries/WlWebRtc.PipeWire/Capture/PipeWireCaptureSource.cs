using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Media;
using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Spa;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>
/// Captures a PipeWire video node: the lifecycle (connect, stop, dispose, the stream's state) and the PipeWire
/// callbacks, which it hands to the parts along their seams: <see cref="FormatNegotiation"/> (what is offered and
/// what PipeWire chose), <see cref="BufferImport"/> (shared memory and DMA-BUF buffers, mapped for a CPU encoder) and
/// <see cref="FrameDelivery"/> (the newest buffer to the sink, paced by max_fps and the frames the consumer holds).
/// Every dequeued buffer goes back to PipeWire through <see cref="QueueBack"/>, counted.
/// </summary>
internal sealed partial class PipeWireCaptureSource : ICaptureSource, IStreamEvents
{
    private readonly PipeWireTarget _target;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IAsyncDisposable? _session;
    private readonly FormatNegotiation _negotiation;
    private readonly BufferImport _buffers;
    private readonly FrameDelivery _delivery;
    private PipeWireConnection? _connection;
    private PipeWireVideoStream? _stream;
    private IVideoFrameSink? _sink;
    private readonly bool _cursorMetadata;
    private long _dequeuedCount;
    private long _queuedCount;
    private long _queueFailures;
    private bool _wasConnected;
    private int _disposed;

    public PipeWireCaptureSource(PipeWireTarget target, CaptureRequest request, bool cursorMetadata, TimeProvider time, ILogger logger, IAsyncDisposable? session = null, IDmaBufIoctl? dmaBufIoctl = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        _target = target;
        _time = time;
        _logger = logger;
        _session = session;
        Description = target.Description;

        // A CPU encoder reads a DMA-BUF through a mapping; an encoder that imports DMA-BUF gets the fds.
        var mapDmaBuf = (request.Accepts.Memory & FrameMemoryKinds.DmaBuf) == 0;
        _negotiation = new FormatNegotiation(request, mapDmaBuf, cursorMetadata, logger);
        _cursorMetadata = cursorMetadata;
        _buffers = new BufferImport(mapDmaBuf, new DmaBufReadAccess(dmaBufIoctl ?? KernelDmaBufIoctl.Instance, logger));
        _delivery = new FrameDelivery(request.MaxFrameRate, _buffers.TryBeginRead, GiveBack, logger);
    }

    public string Description { get; private set; }

    /// <summary>Frames the consumer may hold at once (see <see cref="FrameDelivery.MaxOutstanding"/>).</summary>
    public int MaxOutstanding => _delivery.MaxOutstanding;

    /// <summary>The shortest time between two deliveries (see <see cref="FrameDelivery.MinimumInterval"/>).</summary>
    internal TimeSpan MinimumInterval => _delivery.MinimumInterval;

    /// <summary>Buffers PipeWire gave the stream (for tests and diagnostics).</summary>
    internal int BufferCount => _delivery.BufferCount;

    /// <summary>Buffers dequeued from PipeWire so far, delivered or not (for tests and diagnostics).</summary>
    internal long DequeuedCount => Interlocked.Read(ref _dequeuedCount);

    /// <summary>Buffers given back to PipeWire with pw_stream_queue_buffer so far.</summary>
    internal long QueuedCount => Interlocked.Read(ref _queuedCount);

    /// <summary>pw_stream_queue_buffer calls that failed.</summary>
    internal long QueueFailures => Interlocked.Read(ref _queueFailures);

    /// <summary>DMA-BUF frames dropped because their mapping for the CPU failed.</summary>
    internal long DmaBufMapFailures => _buffers.DmaBufMapFailures;

    /// <summary>DMA_BUF_IOCTL_SYNC calls that failed.</summary>
    internal long DmaBufSyncFailures => _buffers.DmaBufSyncFailures;

    /// <summary>The negotiated format, once there is one.</summary>
    internal NegotiatedFormat? Format => _negotiation.Current;

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_sink is not null)
        {
            throw new InvalidOperationException("The capture source is already started.");
        }

        _sink = sink;
        _delivery.Start(sink);
        try
        {
            _connection = PipeWireConnection.Connect(_target.Fd, "wlwebrtc-capture");
            _stream = new PipeWireVideoStream(_connection, "wlwebrtc-capture", this);
            _stream.Connect(_target.NodeId, _negotiation.OfferedFormats());
            Log.Connected(_logger, _target.NodeId, _target.Description);
        }
        catch (Exception exception)
        {
            _delivery.Fail(exception);
            throw;
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        _delivery.RequestStop();
        await _delivery.WaitEndedAsync(cancellationToken);
        ReleaseStream();
    }

    /// <summary>
    /// Asks the producer for frames of exactly <paramref name="width"/> x <paramref name="height"/>: the offered formats
    /// change and the format is negotiated again on the running stream (pw_stream_update_params). A producer whose size
    /// follows its consumer (Mutter's virtual monitor) resizes; frames at the new size arrive through the sink. Before
    /// the stream is connected the size applies to the first negotiation.
    /// </summary>
    /// <returns>0, or the negative errno of pw_stream_update_params.</returns>
    internal int RequestSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var connection = _connection;
        var stream = _stream;
        if (connection is null || stream is null)
        {
            _negotiation.RequestSize((uint)width, (uint)height);
            return 0;
        }

        using (connection.Lock())
        {
            _negotiation.RequestSize((uint)width, (uint)height);
            return stream.IsDisposed ? 0 : stream.UpdateParams(_negotiation.OfferedFormats());
        }
    }

    /// <summary>The portal session ended (the compositor, the portal or the bus): the capture ends with that reason.</summary>
    internal void OnSessionClosed(string reason) =>
        _delivery.Fail(new PipeWireException($"The screen capture ended: {reason}."));

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        if (_session is not null)
        {
            await _session.DisposeAsync();
        }
    }

    void IStreamEvents.OnStateChanged(StreamState previous, StreamState state, string? error)
    {
        Log.StateChanged(_logger, previous, state, error ?? "");
        if (state is StreamState.Paused or StreamState.Streaming)
        {
            _wasConnected = true;
        }

        if (state == StreamState.Error)
        {
            _delivery.Fail(new PipeWireException($"The PipeWire stream failed: {error ?? "unknown error"} (the compositor or the portal ended the screen cast?)"));
        }
        else if (state == StreamState.Unconnected && _wasConnected)
        {
            _delivery.Fail(new PipeWireException("The PipeWire stream was disconnected: the compositor or the portal ended the screen cast."));
        }
    }

    void IStreamEvents.OnParamChanged(uint id, ReadOnlySpan<byte> pod)
    {
        if (id != SpaConstants.ParamFormat)
        {
            return;
        }

        List<byte[]>? parameters;
        try
        {
            parameters = _negotiation.OnFormatChanged(pod);
        }
        catch (PipeWireException unusable)
        {
            _delivery.Fail(unusable);
            return;
        }

        if (parameters is not null && _negotiation.Current is { } format)
        {
            Description = $"{_target.Description} {format.Width}x{format.Height} {format.PixelFormat}";
            _ = _stream?.UpdateParams(parameters);
        }
    }

    unsafe void IStreamEvents.OnAddBuffer(Interop.PipeWire.PwBuffer* buffer)
    {
        _buffers.Add(buffer);
        _delivery.SetBufferCount(_buffers.Count);
    }

    unsafe void IStreamEvents.OnRemoveBuffer(Interop.PipeWire.PwBuffer* buffer)
    {
        if (_buffers.Remove(buffer) is not { } slot)
        {
            return;
        }

        var dropped = _delivery.TakePendingOf(slot);
        _delivery.SetBufferCount(_buffers.Count);
        if (dropped is not null)
        {
            BufferImport.ReleaseUnqueued(dropped);
        }

        slot.Release();
    }

    unsafe void IStreamEvents.OnProcess()
    {
        var stream = _stream;
        if (stream is null)
        {
            return;
        }

        // take everything queued, keep the newest: older pictures are already stale
        Interop.PipeWire.PwBuffer* newest = null;
        for (var next = stream.Dequeue(); next != null; next = stream.Dequeue())
        {
            Interlocked.Increment(ref _dequeuedCount);
            ReportCursor(next);
            if (newest != null)
            {
                QueueBack(stream, newest);
            }

            newest = next;
        }

        if (newest == null)
        {
            return;
        }

        var dequeued = _buffers.Describe(newest, _negotiation.Current, CaptureTime.Now(_time));
        if (dequeued is null)
        {
            QueueBack(stream, newest);
            return;
        }

        if (_delivery.Offer(dequeued) is { } replaced)
        {
            GiveBack(replaced);
        }
    }

    /// <summary>
    /// Every buffer's cursor goes to the sink at once, also from buffers whose picture is dropped or that carry no
    /// picture (a cursor-only update): a cursor bitmap comes only when it changes, so none may be lost.
    /// </summary>
    private unsafe void ReportCursor(Interop.PipeWire.PwBuffer* buffer)
    {
        if (_cursorMetadata && _sink is { } sink && BufferMetadata.Cursor(buffer->Buffer) is { } cursor)
        {
            sink.OnCursor(cursor);
        }
    }

    void IStreamEvents.OnCallbackFailed(Exception exception)
    {
        Log.CallbackFailed(_logger, exception);
        _delivery.Fail(new PipeWireException("A PipeWire callback failed: " + exception.Message, exception));
    }

    /// <summary>pw_stream_queue_buffer, counted: every dequeued buffer must come back through here (or be removed by PipeWire).</summary>
    private unsafe void QueueBack(PipeWireVideoStream stream, Interop.PipeWire.PwBuffer* buffer)
    {
        var result = stream.Queue(buffer);
        if (result < 0)
        {
            Interlocked.Increment(ref _queueFailures);
            Log.QueueFailed(_logger, result);
        }
        else
        {
            Interlocked.Increment(ref _queuedCount);
        }
    }

    /// <summary>A buffer is done with (frame disposed, replaced, or left over): its resources go, and it goes back to PipeWire unless removed.</summary>
    private unsafe void GiveBack(DequeuedBuffer buffer)
    {
        _buffers.ReleaseResources(buffer);
        var stream = _stream;
        if (stream is not null && _connection is { } connection)
        {
            using (connection.Lock())
            {
                if (!buffer.Slot.Removed && !stream.IsDisposed)
                {
                    QueueBack(stream, buffer.Slot.Buffer);
                }
            }
        }

        buffer.Slot.Release();
    }

    private void ReleaseStream()
    {
        var stream = Interlocked.Exchange(ref _stream, null);
        if (stream is not null && _connection is not null)
        {
            using (_connection.Lock())
            {
                _buffers.MarkAllRemoved();
            }

            stream.Dispose();
        }

        Interlocked.Exchange(ref _connection, null)?.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PipeWireConnected, LogLevel.Information, "Capturing PipeWire node {NodeId} ({Description})")]
        public static partial void Connected(ILogger logger, uint nodeId, string description);

        [LoggerMessage(EventIds.PipeWireStateChanged, LogLevel.Debug, "PipeWire stream {Previous} -> {State} {Error}")]
        public static partial void StateChanged(ILogger logger, StreamState previous, StreamState state, string error);

        [LoggerMessage(EventIds.PipeWireCallbackFailed, LogLevel.Error, "A PipeWire callback threw")]
        public static partial void CallbackFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventIds.PipeWireQueueFailed, LogLevel.Warning, "pw_stream_queue_buffer failed ({Result})")]
        public static partial void QueueFailed(ILogger logger, int result);
    }
}
