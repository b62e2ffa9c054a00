using System.Diagnostics;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.Media;
using WlWebRtc.Portal.PipeWire;
using WlWebRtc.Portal.Spa;

namespace WlWebRtc.Portal.Source;

/// <summary>
/// Captures a PipeWire video node. The PipeWire loop thread only dequeues: it keeps the newest buffer as
/// "pending" (giving older ones straight back) and never waits for the consumer. A delivery thread hands the
/// pending buffer to the sink when the consumer holds fewer than <see cref="MaxOutstanding"/> frames and the
/// max_fps interval has passed, so the latest picture always arrives, even on a screen that then goes static.
/// For an encoder that reads CPU memory, a DMA-BUF (offered with the linear modifier only, after shared memory) is
/// mapped and its reads bracketed with DMA_BUF_IOCTL_SYNC (<see cref="DmaBufReadAccess"/>): the encoder sees shared memory.
/// </summary>
internal sealed partial class PipeWireCaptureSource : ICaptureSource, IStreamEvents
{
    private readonly PipeWireTarget _target;
    private readonly CaptureRequest _request;
    private readonly bool _cursorMetadata;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IAsyncDisposable? _session;
    private readonly object _gate = new();
    private readonly Dictionary<nint, BufferSlot> _slots = [];
    private readonly long _minimumInterval;
    private readonly bool _mapDmaBuf;
    private readonly DmaBufReadAccess _dmaBufAccess;
    private PipeWireConnection? _connection;
    private PipeWireVideoStream? _stream;
    private Thread? _delivery;
    private TaskCompletionSource? _deliveryEnded;
    private IVideoFrameSink? _sink;
    private NegotiatedFormat? _format;
    private DequeuedBuffer? _pending;
    private int _outstanding;
    private int _bufferCount;
    private long _dequeuedCount;
    private long _queuedCount;
    private long _queueFailures;
    private long _nextDue;
    private long _sequence;
    private bool _stopRequested;
    private bool _wasConnected;
    private Exception? _failure;
    private int _disposed;

    public PipeWireCaptureSource(PipeWireTarget target, CaptureRequest request, bool cursorMetadata, TimeProvider time, ILogger logger, IAsyncDisposable? session = null, IDmaBufIoctl? dmaBufIoctl = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        _target = target;
        _request = request;
        _cursorMetadata = cursorMetadata;
        _time = time;
        _logger = logger;
        _session = session;
        _minimumInterval = request.MaxFrameRate > 0 ? (long)(Stopwatch.Frequency * 0.95 / request.MaxFrameRate) : 0;
        Description = target.Description;
        _mapDmaBuf = (request.Accepts.Memory & FrameMemoryKinds.DmaBuf) == 0;
        _dmaBufAccess = new DmaBufReadAccess(dmaBufIoctl ?? KernelDmaBufIoctl.Instance, logger);
    }

    public string Description { get; private set; }

    /// <summary>Frames the consumer may hold at once: under half the buffers, so a producer that drives the graph never runs dry (it stalls for good when it does).</summary>
    public int MaxOutstanding { get; private set; } = 1;

    /// <summary>The shortest time between two deliveries (0.95 of the max_fps period, so a producer at exactly max_fps is not halved).</summary>
    internal TimeSpan MinimumInterval => Stopwatch.GetElapsedTime(0, _minimumInterval);

    /// <summary>Buffers PipeWire gave the stream (for tests and diagnostics).</summary>
    internal int BufferCount
    {
        get
        {
            lock (_gate)
            {
                return _bufferCount;
            }
        }
    }

    /// <summary>Buffers dequeued from PipeWire so far, delivered or not (for tests and diagnostics).</summary>
    internal long DequeuedCount => Interlocked.Read(ref _dequeuedCount);

    /// <summary>Buffers given back to PipeWire with pw_stream_queue_buffer so far.</summary>
    internal long QueuedCount => Interlocked.Read(ref _queuedCount);

    /// <summary>pw_stream_queue_buffer calls that failed.</summary>
    internal long QueueFailures => Interlocked.Read(ref _queueFailures);

    /// <summary>DMA-BUF frames dropped because their mapping for the CPU failed.</summary>
    internal long DmaBufMapFailures => _dmaBufAccess.MapFailures;

    /// <summary>DMA_BUF_IOCTL_SYNC calls that failed.</summary>
    internal long DmaBufSyncFailures => _dmaBufAccess.SyncFailures;

    /// <summary>The negotiated format, once there is one.</summary>
    internal NegotiatedFormat? Format => Volatile.Read(ref _format);

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        if (_sink is not null)
        {
            throw new InvalidOperationException("The capture source is already started.");
        }

        _sink = sink;
        _deliveryEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _delivery = new Thread(DeliveryLoop) { IsBackground = true, Name = "wlwebrtc-capture" };
        _delivery.Start();
        try
        {
            _connection = PipeWireConnection.Connect(_target.Fd, "wlwebrtc-capture");
            _stream = new PipeWireVideoStream(_connection, "wlwebrtc-capture", this);
            var modifiers = _request.Accepts.DmaBufModifiers;
            var dmaBuf = (_request.Accepts.Memory & FrameMemoryKinds.DmaBuf) != 0;
            var formats = StreamParams.EnumFormats(_request.Accepts.Formats, dmaBuf, modifiers, Math.Max(1, _request.MaxFrameRate), linearDmaBuf: _mapDmaBuf);
            _stream.Connect(_target.NodeId, formats);
            Log.Connected(_logger, _target.NodeId, _target.Description);
        }
        catch (Exception exception)
        {
            Fail(exception);
            throw;
        }

        return ValueTask.CompletedTask;
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            _stopRequested = true;
            Monitor.PulseAll(_gate);
        }

        if (_deliveryEnded is { } ended)
        {
            await ended.Task.WaitAsync(cancellationToken);
        }

        ReleaseStream();
    }

    /// <summary>The portal session ended (the compositor, the portal or the bus): the capture ends with that reason.</summary>
    internal void OnSessionClosed(string reason) =>
        Fail(new PipeWireException($"The screen capture ended: {reason}."));

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
            Fail(new PipeWireException($"The PipeWire stream failed: {error ?? "unknown error"} (the compositor or the portal ended the screen cast?)"));
        }
        else if (state == StreamState.Unconnected && _wasConnected)
        {
            Fail(new PipeWireException("The PipeWire stream was disconnected: the compositor or the portal ended the screen cast."));
        }
    }

    void IStreamEvents.OnParamChanged(uint id, ReadOnlySpan<byte> pod)
    {
        if (id != SpaConstants.ParamFormat)
        {
            return;
        }

        if (pod.IsEmpty)
        {
            Volatile.Write(ref _format, null);
            return;
        }

        if (!NegotiatedFormat.TryParse(pod, out var format, out var error))
        {
            Fail(new PipeWireException($"PipeWire negotiated a format that cannot be read: {error}"));
            return;
        }

        if (format!.PixelFormat == PixelFormat.Unknown || !format.PixelFormat.IsPackedRgb())
        {
            Fail(new PipeWireException($"PipeWire negotiated SPA video format {format.SpaFormat}, which the capture does not handle."));
            return;
        }

        if (_mapDmaBuf && format.Modifier is { } modifier && modifier != SpaConstants.ModifierLinear)
        {
            Fail(new PipeWireException($"PipeWire negotiated DMA-BUF with modifier 0x{modifier:x} for a CPU encoder, which can only read linear (0x0) buffers."));
            return;
        }

        Volatile.Write(ref _format, format);
        Description = $"{_target.Description} {format.Width}x{format.Height} {format.PixelFormat}";
        Log.FormatNegotiated(
            _logger,
            format.PixelFormat,
            format.Width,
            format.Height,
            format.Modifier is { } negotiated ? $"DMA-BUF, modifier 0x{negotiated:x}{(_mapDmaBuf ? ", mapped for the CPU encoder" : "")}" : "shared memory",
            format.MaxFrameRate?.Numerator ?? 0);
        List<byte[]> parameters = [StreamParams.Buffers(format.Modifier is not null), StreamParams.HeaderMeta(), StreamParams.DamageMeta()];
        if (_cursorMetadata)
        {
            parameters.Add(StreamParams.CursorMeta());
        }

        _ = _stream?.UpdateParams(parameters);
    }

    unsafe void IStreamEvents.OnAddBuffer(Interop.PipeWire.PwBuffer* buffer)
    {
        _slots[(nint)buffer] = new BufferSlot(buffer);
        lock (_gate)
        {
            _bufferCount = _slots.Count;
            MaxOutstanding = Math.Max(1, (_slots.Count / 2) - 1);
        }
    }

    unsafe void IStreamEvents.OnRemoveBuffer(Interop.PipeWire.PwBuffer* buffer)
    {
        if (!_slots.Remove((nint)buffer, out var slot))
        {
            return;
        }

        slot.Removed = true;
        DequeuedBuffer? dropped = null;
        lock (_gate)
        {
            if (_pending?.Slot == slot)
            {
                dropped = _pending;
                _pending = null;
            }

            _bufferCount = _slots.Count;
            MaxOutstanding = Math.Max(1, (_slots.Count / 2) - 1);
        }

        if (dropped is not null)
        {
            ReleaseUnqueued(dropped);
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

        var captured = CaptureTime.Now(_time);
        var dequeued = Describe(newest, captured);
        if (dequeued is null)
        {
            QueueBack(stream, newest);
            return;
        }

        DequeuedBuffer? replaced;
        lock (_gate)
        {
            replaced = _pending;
            _pending = dequeued;
            Monitor.PulseAll(_gate);
        }

        if (replaced is not null)
        {
            GiveBack(replaced);
        }
    }

    void IStreamEvents.OnCallbackFailed(Exception exception)
    {
        Log.CallbackFailed(_logger, exception);
        Fail(new PipeWireException("A PipeWire callback failed: " + exception.Message, exception));
    }

    /// <summary>Reads a dequeued buffer into a pending frame, or null for one without a picture (empty, corrupted, unknown).</summary>
    private unsafe DequeuedBuffer? Describe(Interop.PipeWire.PwBuffer* buffer, CaptureTime captured)
    {
        var format = Volatile.Read(ref _format);
        if (format is null || !_slots.TryGetValue((nint)buffer, out var slot))
        {
            return null;
        }

        var spa = buffer->Buffer;
        var chunk = spa->Datas[0].Chunk;
        if (chunk == null || chunk->Size == 0 || (chunk->Flags & (int)SpaConstants.ChunkFlagCorrupted) != 0 || BufferMetadata.IsCorrupted(spa))
        {
            return null; // e.g. a cursor-only update
        }

        var bytesPerPixel = format.PixelFormat.BytesPerPixel();
        var stride = chunk->Stride > 0 ? chunk->Stride : format.Width * bytesPerPixel;
        var offset = (int)chunk->Offset;
        var length = stride * format.Height;
        FramePlane[] planes;
        FdMapping? mapping = null;
        if (slot.DataType == SpaConstants.DataDmaBuf && _mapDmaBuf)
        {
            mapping = slot.TryMapDmaBuf(out var error);
            if (mapping is null)
            {
                _dmaBufAccess.MapFailed(error);
                return null;
            }

            if (!MappedPlane.TryLayout(mapping.Length, offset, stride, format.Width * bytesPerPixel, format.Height, out var plane, out error))
            {
                mapping.Release();
                _dmaBufAccess.MapFailed(error);
                return null;
            }

            planes = [plane];
        }
        else if (slot.DataType == SpaConstants.DataDmaBuf)
        {
            planes = new FramePlane[spa->DataCount];
            for (var i = 0; i < planes.Length; i++)
            {
                var data = &spa->Datas[i];
                var planeChunk = data->Chunk;
                planes[i] = new FramePlane((int)planeChunk->Offset, planeChunk->Stride, planeChunk->Stride * format.Height)
                {
                    DmaBufFd = Interop.Libc.Dup((int)data->Fd),
                    Modifier = format.Modifier ?? SpaConstants.ModifierInvalid,
                };
            }
        }
        else
        {
            if (slot.Data == null || stride < format.Width * bytesPerPixel || (long)offset + length > slot.MaxSize)
            {
                return null;
            }

            planes = [new FramePlane(offset, stride, length)];
        }

        slot.AddReference();
        return new DequeuedBuffer(slot, captured, Interlocked.Increment(ref _sequence))
        {
            Format = format.PixelFormat,
            Width = format.Width,
            Height = format.Height,
            Planes = planes,
            ByteLength = offset + length,
            Damage = BufferMetadata.Damage(spa, format.Width, format.Height),
            Cursor = _cursorMetadata ? BufferMetadata.Cursor(spa) : null,
            CpuMapping = mapping,
        };
    }

    /// <summary>
    /// The delivery thread: whatever fails on it (other than the sink, which costs one frame) ends this capture with
    /// the reason, reported to the sink through OnStopped; it never ends the process.
    /// </summary>
    private void DeliveryLoop()
    {
        try
        {
            Deliver();
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A capture failure is the capture's end, reported to the pipeline, not the process's.
        catch (Exception exception)
        {
            Log.DeliveryFailed(_logger, exception);
            Fail(new PipeWireException("The capture's delivery thread failed: " + exception.Message, exception));
        }

        DequeuedBuffer? left;
        lock (_gate)
        {
            left = _pending;
            _pending = null;
        }

        try
        {
            if (left is not null)
            {
                GiveBack(left);
            }

            _sink!.OnStopped(_failure);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): see above
        catch (Exception exception)
        {
            Log.SinkFailed(_logger, exception);
        }

        _deliveryEnded!.TrySetResult();
    }

    private void Deliver()
    {
        while (true)
        {
            DequeuedBuffer? deliver = null;
            lock (_gate)
            {
                if (_stopRequested)
                {
                    break;
                }

                var now = Stopwatch.GetTimestamp();
                if (_pending is not null && _outstanding < MaxOutstanding)
                {
                    if (now >= _nextDue)
                    {
                        deliver = _pending;
                        _pending = null;
                        _outstanding++;
                        _nextDue = now + _minimumInterval;
                        deliver.DeliveredAt = now;
                    }
                    else
                    {
                        Monitor.Wait(_gate, Stopwatch.GetElapsedTime(now, _nextDue));
                        continue;
                    }
                }
                else
                {
                    Monitor.Wait(_gate);
                    continue;
                }
            }

            if (deliver.CpuMapping is { } mapping)
            {
                if (!_dmaBufAccess.TryBegin(mapping))
                {
                    Return(deliver); // dropped: this frame only, the stream goes on
                    continue;
                }

                deliver.ReadBegun = true;
            }

            var frame = new PipeWireVideoFrame(deliver, Return);
            try
            {
                _sink!.OnFrame(frame);
            }
            catch (Exception exception)
            {
                Log.SinkFailed(_logger, exception);
                frame.Dispose();
            }
        }
    }

    /// <summary>A frame was disposed by its consumer.</summary>
    private void Return(DequeuedBuffer buffer)
    {
        GiveBack(buffer);
        lock (_gate)
        {
            _outstanding--;
            Monitor.PulseAll(_gate);
        }
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

    private unsafe void GiveBack(DequeuedBuffer buffer)
    {
        if (buffer.CpuMapping is { } mapping)
        {
            if (buffer.ReadBegun)
            {
                _dmaBufAccess.End(mapping);
            }

            mapping.Release();
        }

        foreach (var plane in buffer.Planes)
        {
            if (plane.DmaBufFd >= 0)
            {
                _ = Interop.Libc.Close(plane.DmaBufFd);
            }
        }

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

    /// <summary>A pending buffer whose pw_buffer PipeWire removed: nothing to queue back, only our references and dup'd fds to drop.</summary>
    private static void ReleaseUnqueued(DequeuedBuffer buffer)
    {
        foreach (var plane in buffer.Planes)
        {
            if (plane.DmaBufFd >= 0)
            {
                _ = Interop.Libc.Close(plane.DmaBufFd);
            }
        }

        buffer.CpuMapping?.Release();
        buffer.Slot.Release();
    }

    private void Fail(Exception exception)
    {
        lock (_gate)
        {
            if (!_stopRequested)
            {
                _failure ??= exception;
                _stopRequested = true;
                Log.Failed(_logger, exception.Message);
            }

            Monitor.PulseAll(_gate);
        }
    }

    private void ReleaseStream()
    {
        var stream = Interlocked.Exchange(ref _stream, null);
        if (stream is not null && _connection is not null)
        {
            using (_connection.Lock())
            {
                foreach (var slot in _slots.Values)
                {
                    slot.Removed = true;
                }
            }

            stream.Dispose();
        }

        Interlocked.Exchange(ref _connection, null)?.Dispose();
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Capturing PipeWire node {NodeId} ({Description})")]
        public static partial void Connected(ILogger logger, uint nodeId, string description);

        [LoggerMessage(2, LogLevel.Debug, "PipeWire stream {Previous} -> {State} {Error}")]
        public static partial void StateChanged(ILogger logger, StreamState previous, StreamState state, string error);

        [LoggerMessage(3, LogLevel.Information, "Negotiated {Format} {Width}x{Height} in {Memory}, max {MaxFps} fps")]
        public static partial void FormatNegotiated(ILogger logger, PixelFormat format, int width, int height, string memory, int maxFps);

        [LoggerMessage(4, LogLevel.Error, "A PipeWire callback threw")]
        public static partial void CallbackFailed(ILogger logger, Exception exception);

        [LoggerMessage(5, LogLevel.Error, "The frame sink threw")]
        public static partial void SinkFailed(ILogger logger, Exception exception);

        [LoggerMessage(7, LogLevel.Warning, "pw_stream_queue_buffer failed ({Result})")]
        public static partial void QueueFailed(ILogger logger, int result);

        [LoggerMessage(6, LogLevel.Warning, "Capture ends: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);

        [LoggerMessage(8, LogLevel.Error, "The capture's delivery thread failed")]
        public static partial void DeliveryFailed(ILogger logger, Exception exception);
    }
}
