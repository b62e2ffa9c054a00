using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WlWebRtc.Portal.PipeWire;

/// <summary>
/// A pw_stream that consumes video from a node. Events reach <see cref="IStreamEvents"/> through
/// [UnmanagedCallersOnly] callbacks with a GCHandle context; no exception crosses into native code.
/// </summary>
internal sealed unsafe class PipeWireVideoStream : IDisposable
{
    private readonly PipeWireConnection _connection;
    private readonly StreamHandle _stream = new();
    private readonly GCHandle _self;
    private readonly Interop.PipeWire.SpaHook* _hook;
    private readonly Interop.PipeWire.PwStreamEvents* _events;
    private int _disposed;

    public PipeWireVideoStream(PipeWireConnection connection, string name, IStreamEvents events)
    {
        _connection = connection;
        Events = events;
        _self = GCHandle.Alloc(this);
        _hook = (Interop.PipeWire.SpaHook*)NativeMemory.AllocZeroed((nuint)sizeof(Interop.PipeWire.SpaHook));
        _events = (Interop.PipeWire.PwStreamEvents*)NativeMemory.AllocZeroed((nuint)sizeof(Interop.PipeWire.PwStreamEvents));
        _events->Version = Interop.PipeWire.StreamEventsVersion;
        _events->StateChanged = &OnStateChanged;
        _events->ParamChanged = &OnParamChanged;
        _events->AddBuffer = &OnAddBuffer;
        _events->RemoveBuffer = &OnRemoveBuffer;
        _events->Process = &OnProcess;

        using var locked = connection.Lock();
        var properties = Interop.PipeWire.PropertiesNewString("media.type=Video media.category=Capture media.role=Screen");
        var stream = Interop.PipeWire.StreamNew(connection.Core.DangerousGetHandle(), name, properties);
        if (stream == 0)
        {
            Free();
            throw new PipeWireException("pw_stream_new failed.");
        }

        _stream.Attach(connection.Loop, stream);
        Interop.PipeWire.StreamAddListener(stream, _hook, _events, (void*)GCHandle.ToIntPtr(_self));
    }

    public IStreamEvents Events { get; }

    public bool IsDisposed => Volatile.Read(ref _disposed) != 0;

    /// <summary>Connects as an input to <paramref name="nodeId"/> (autoconnect, no reconnection to another node).</summary>
    public void Connect(uint nodeId, IReadOnlyList<byte[]> parameters)
    {
        using var locked = _connection.Lock();
        var result = WithParams(parameters, (pods, count) => Interop.PipeWire.StreamConnect(
            _stream.DangerousGetHandle(),
            Interop.PipeWire.DirectionInput,
            nodeId,
            Interop.PipeWire.FlagAutoconnect | Interop.PipeWire.FlagDontReconnect,
            pods,
            count));
        if (result < 0)
        {
            throw new PipeWireException($"pw_stream_connect to node {nodeId} failed ({result}).");
        }
    }

    /// <summary>Sends Buffers/Meta params; call on the loop thread (from an event) or with the lock held.</summary>
    public int UpdateParams(IReadOnlyList<byte[]> parameters) =>
        WithParams(parameters, (pods, count) => Interop.PipeWire.StreamUpdateParams(_stream.DangerousGetHandle(), pods, count));

    /// <summary>The next filled buffer, or null. Loop thread only.</summary>
    public Interop.PipeWire.PwBuffer* Dequeue() => IsDisposed ? null : Interop.PipeWire.StreamDequeueBuffer(_stream.DangerousGetHandle());

    /// <summary>Gives a buffer back to PipeWire (0, or a negative errno). Takes the loop lock, so any thread may call it.</summary>
    public int Queue(Interop.PipeWire.PwBuffer* buffer)
    {
        using var locked = _connection.Lock();
        return IsDisposed ? -1 : Interop.PipeWire.StreamQueueBuffer(_stream.DangerousGetHandle(), buffer);
    }

    public uint NodeId
    {
        get
        {
            using var locked = _connection.Lock();
            return IsDisposed ? Interop.PipeWire.IdAny : Interop.PipeWire.StreamGetNodeId(_stream.DangerousGetHandle());
        }
    }

    public void Dispose()
    {
        using (_connection.Lock())
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _ = Interop.PipeWire.StreamDisconnect(_stream.DangerousGetHandle());
            _stream.Dispose();
        }

        Free();
    }

    private void Free()
    {
        NativeMemory.Free(_hook);
        NativeMemory.Free(_events);
        _self.Free();
    }

    private static int WithParams(IReadOnlyList<byte[]> parameters, ParamsCall call)
    {
        var handles = new GCHandle[parameters.Count];
        var pods = stackalloc byte*[Math.Max(1, parameters.Count)];
        try
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                handles[i] = GCHandle.Alloc(parameters[i], GCHandleType.Pinned);
                pods[i] = (byte*)handles[i].AddrOfPinnedObject();
            }

            return call(pods, (uint)parameters.Count);
        }
        finally
        {
            foreach (var handle in handles)
            {
                if (handle.IsAllocated)
                {
                    handle.Free();
                }
            }
        }
    }

    private delegate int ParamsCall(byte** pods, uint count);

    /// <summary>Hands a callback's failure to the source; if even that throws, it stops here: nothing may unwind into PipeWire.</summary>
    private static void ReportFailure(PipeWireVideoStream? self, Exception exception)
    {
        try
        {
            self?.Events.OnCallbackFailed(exception);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): an exception crossing into native code aborts the process
        catch (Exception)
        {
        }
    }

    private static PipeWireVideoStream? From(void* data) =>
        data == null ? null : GCHandle.FromIntPtr((nint)data).Target as PipeWireVideoStream;

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnStateChanged(void* data, int previous, int state, byte* error)
    {
        PipeWireVideoStream? self = null;
        try
        {
            self = From(data);
            self?.Events.OnStateChanged((StreamState)previous, (StreamState)state, error == null ? null : Marshal.PtrToStringUTF8((nint)error));
        }
        catch (Exception exception)
        {
            ReportFailure(self, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnParamChanged(void* data, uint id, byte* pod)
    {
        PipeWireVideoStream? self = null;
        try
        {
            self = From(data);
            ReadOnlySpan<byte> span = default;
            if (pod != null)
            {
                var size = BinaryPrimitives.ReadUInt32LittleEndian(new ReadOnlySpan<byte>(pod, 8));
                span = new ReadOnlySpan<byte>(pod, (int)Math.Min(size + 8, 1u << 20));
            }

            self?.Events.OnParamChanged(id, span);
        }
        catch (Exception exception)
        {
            ReportFailure(self, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnAddBuffer(void* data, Interop.PipeWire.PwBuffer* buffer)
    {
        PipeWireVideoStream? self = null;
        try
        {
            self = From(data);
            self?.Events.OnAddBuffer(buffer);
        }
        catch (Exception exception)
        {
            ReportFailure(self, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnRemoveBuffer(void* data, Interop.PipeWire.PwBuffer* buffer)
    {
        PipeWireVideoStream? self = null;
        try
        {
            self = From(data);
            self?.Events.OnRemoveBuffer(buffer);
        }
        catch (Exception exception)
        {
            ReportFailure(self, exception);
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnProcess(void* data)
    {
        PipeWireVideoStream? self = null;
        try
        {
            self = From(data);
            self?.Events.OnProcess();
        }
        catch (Exception exception)
        {
            ReportFailure(self, exception);
        }
    }
}
