using System.Buffers.Binary;
using System.Runtime.InteropServices;
using WlWebRtc.Unix;

namespace WlWebRtc.Wayland;

/// <summary>Handles one event addressed to an object this client created.</summary>
internal delegate void WaylandEventHandler(ushort opcode, ReadOnlySpan<byte> body);

/// <summary>
/// A Wayland client connection speaking the wire protocol directly: requests are written under a lock (one write
/// per batch, so the compositor sees them in order and together), events are read by a dedicated thread and handed
/// to the handler registered for their object. wl_display (object 1) errors fail the connection.
/// </summary>
internal sealed class WaylandConnection : IDisposable
{
    public const uint DisplayId = 1;

    private readonly UnixStreamSocket _socket;
    private readonly Lock _sendGate = new();
    private readonly Lock _stateGate = new();
    private readonly Dictionary<uint, WaylandEventHandler> _handlers = [];
    private readonly Dictionary<uint, TaskCompletionSource> _callbacks = [];
    private readonly Queue<UnixFd> _descriptors = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Thread _reader;
    private int _nextId = (int)DisplayId;
    private int _disposed;

    private WaylandConnection(UnixStreamSocket socket, string socketPath)
    {
        _socket = socket;
        SocketPath = socketPath;
        _reader = new Thread(ReadLoop) { IsBackground = true, Name = "wayland-reader" };
        _reader.Start();
    }

    public string SocketPath { get; }

    /// <summary>Completes when the connection ends; faulted with the reason when it failed.</summary>
    public Task Closed => _closed.Task;

    public static WaylandConnection Connect(string socketPath, TimeSpan sendTimeout)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        UnixStreamSocket socket;
        try
        {
            socket = UnixStreamSocket.Connect(socketPath);
        }
        catch (Exception exception) when (exception is UnixException or ArgumentException)
        {
            throw new WaylandProtocolException($"Cannot connect to the Wayland socket {socketPath}: {exception.Message}", exception);
        }

        try
        {
            // a compositor that stops reading must not block the sender for ever
            socket.SetTimeouts(TimeSpan.Zero, TimeSpan.FromMilliseconds(Math.Max(sendTimeout.TotalMilliseconds, 1)));
        }
        catch (UnixException exception)
        {
            socket.Dispose();
            throw new WaylandProtocolException($"Cannot set up the Wayland socket {socketPath}: {exception.Message}", exception);
        }

        return new WaylandConnection(socket, socketPath);
    }

    /// <summary>
    /// The next descriptor that came with the events (SCM_RIGHTS), for an event handler whose event has an fd argument
    /// (descriptors arrive in the order of their events); null when none is waiting. The caller owns it.
    /// </summary>
    public UnixFd? TakeDescriptor() => _descriptors.TryDequeue(out var fd) ? fd : null;

    public uint AllocateId() => (uint)Interlocked.Increment(ref _nextId);

    public void On(uint objectId, WaylandEventHandler handler)
    {
        lock (_stateGate)
        {
            _handlers[objectId] = handler;
        }
    }

    /// <summary>wl_display.get_registry; events go to <paramref name="handler"/>.</summary>
    public uint GetRegistry(WaylandEventHandler handler)
    {
        var id = AllocateId();
        On(id, handler);
        Span<byte> buffer = stackalloc byte[12];
        var writer = new WireWriter(buffer);
        writer.Begin(DisplayId, 1);
        writer.Uint(id);
        writer.End();
        Send(writer.Written);
        return id;
    }

    /// <summary>wl_display.sync: completes once the compositor has handled every request sent before it.</summary>
    public async Task RoundtripAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var id = AllocateId();
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stateGate)
        {
            if (_closed.Task.IsCompleted)
            {
                throw Failure("the Wayland connection is closed");
            }

            _callbacks[id] = done;
        }

        Span<byte> buffer = stackalloc byte[12];
        var writer = new WireWriter(buffer);
        writer.Begin(DisplayId, 0);
        writer.Uint(id);
        writer.End();
        Send(writer.Written);
        try
        {
            await done.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException exception)
        {
            throw new WaylandProtocolException($"The compositor did not answer wl_display.sync within {timeout.TotalMilliseconds:0} ms.", exception);
        }
        finally
        {
            lock (_stateGate)
            {
                _callbacks.Remove(id);
            }
        }
    }

    /// <summary>Writes complete requests in one go.</summary>
    public void Send(ReadOnlySpan<byte> requests)
    {
        lock (_sendGate)
        {
            ThrowIfClosed();
            SendLocked(requests, []);
        }
    }

    /// <summary>Writes requests and passes <paramref name="descriptor"/> with them (SCM_RIGHTS), for a request with an fd argument.</summary>
    public void SendWithDescriptor(ReadOnlySpan<byte> requests, SafeHandle descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        lock (_sendGate)
        {
            ThrowIfClosed();
            SendLocked(requests, [descriptor]);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _socket.Shutdown();
        _socket.Dispose();
        if (_reader.Join(TimeSpan.FromSeconds(2)))
        {
            DropUnclaimedDescriptors(pending: false);
        }

        Fail(null);
    }

    private void SendLocked(ReadOnlySpan<byte> requests, ReadOnlySpan<SafeHandle> descriptors)
    {
        try
        {
            _socket.SendAll(requests, descriptors);
        }
        catch (Exception exception) when (exception is UnixException or ObjectDisposedException)
        {
            var failure = new WaylandProtocolException($"Writing to the compositor failed: {exception.Message}", exception);
            Fail(failure);
            throw failure;
        }
    }

    private void ThrowIfClosed()
    {
        if (_closed.Task.IsCompleted)
        {
            throw Failure("the Wayland connection is closed");
        }
    }

    private WaylandProtocolException Failure(string fallback) =>
        _closed.Task.Exception?.InnerException is { } inner
            ? new WaylandProtocolException(inner.Message, inner)
            : new WaylandProtocolException(fallback);

    private void Fail(Exception? failure)
    {
        List<TaskCompletionSource> waiting;
        lock (_stateGate)
        {
            waiting = [.. _callbacks.Values];
            _callbacks.Clear();
        }

        var completed = failure is null ? _closed.TrySetResult() : _closed.TrySetException(failure);
        if (!completed)
        {
            failure = _closed.Task.Exception?.InnerException;
        }

        foreach (var callback in waiting)
        {
            callback.TrySetException(failure ?? new WaylandProtocolException("The Wayland connection was closed."));
        }
    }

    private void ReadLoop()
    {
        var buffer = new byte[64 * 1024];
        var arrived = new List<UnixFd>();
        var filled = 0;
        try
        {
            while (true)
            {
                // descriptors wait for the event that carries them (data-control send); the handler takes them
                var received = _socket.Receive(buffer.AsSpan(filled), arrived);
                foreach (var fd in arrived)
                {
                    _descriptors.Enqueue(fd);
                }

                arrived.Clear();
                if (received == 0)
                {
                    Fail(new WaylandProtocolException("The compositor closed the connection."));
                    return;
                }

                filled += received;
                var consumed = DispatchComplete(buffer.AsSpan(0, filled));
                buffer.AsSpan(consumed, filled - consumed).CopyTo(buffer);
                filled -= consumed;
                DropUnclaimedDescriptors(pending: filled > 0);
            }
        }
        catch (Exception exception) when (exception is UnixException or ObjectDisposedException)
        {
            Fail(Volatile.Read(ref _disposed) != 0 ? null : new WaylandProtocolException($"Reading from the compositor failed: {exception.Message}", exception));
        }
        catch (WaylandProtocolException exception)
        {
            Fail(exception);
        }
        catch (Exception exception) when (exception is not OutOfMemoryException)
        {
            // An event handler's bug or a malformed event body ends this connection with the reason (the input
            // plugin reports it through Closed), never the process.
            Fail(new WaylandProtocolException($"Handling an event from the compositor failed: {exception.Message}", exception));
        }
    }

    /// <summary>
    /// Closes descriptors no handler took: all of them once every received event was dispatched, else beyond a few
    /// (an event's descriptor may come before the rest of its bytes), so that a compositor cannot pile them up.
    /// </summary>
    private void DropUnclaimedDescriptors(bool pending)
    {
        while (_descriptors.Count > (pending ? MaxWaitingDescriptors : 0))
        {
            _descriptors.Dequeue().Dispose();
        }
    }

    private const int MaxWaitingDescriptors = 8;

    private int DispatchComplete(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        while (data.Length - offset >= 8)
        {
            var objectId = BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]);
            var word = BinaryPrimitives.ReadUInt32LittleEndian(data[(offset + 4)..]);
            var size = (int)(word >> 16);
            if (size < 8 || (size & 3) != 0)
            {
                throw new WaylandProtocolException($"Malformed Wayland event header (size {size}).");
            }

            if (data.Length - offset < size)
            {
                break;
            }

            Dispatch(objectId, (ushort)(word & 0xffff), data.Slice(offset + 8, size - 8));
            offset += size;
        }

        return offset;
    }

    private void Dispatch(uint objectId, ushort opcode, ReadOnlySpan<byte> body)
    {
        if (objectId == DisplayId)
        {
            if (opcode == 0)
            {
                var reader = new WireReader(body);
                var target = reader.Uint();
                var code = reader.Uint();
                var message = reader.String();
                throw new WaylandProtocolException($"The compositor reported a protocol error on object {target}, code {code}: {message}");
            }

            return; // delete_id: ids are never reused by this client
        }

        TaskCompletionSource? callback;
        WaylandEventHandler? handler;
        lock (_stateGate)
        {
            _callbacks.TryGetValue(objectId, out callback);
            _handlers.TryGetValue(objectId, out handler);
        }

        if (callback is not null)
        {
            callback.TrySetResult();
            return;
        }

        handler?.Invoke(opcode, body);
    }
}
