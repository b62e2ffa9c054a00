namespace WlWebRtc.Portal.PipeWire;

/// <summary>A thread loop, a context and a core connected to a PipeWire daemon through a socket fd (e.g. the portal's).</summary>
internal sealed unsafe class PipeWireConnection : IDisposable
{
    private PipeWireConnection(ThreadLoopHandle loop, ContextHandle context, CoreHandle core)
    {
        Loop = loop;
        Context = context;
        Core = core;
    }

    public ThreadLoopHandle Loop { get; }

    public ContextHandle Context { get; }

    public CoreHandle Core { get; }

    /// <summary>Connects through <paramref name="fd"/>, whose ownership passes to PipeWire (even on failure).</summary>
    public static PipeWireConnection Connect(int fd, string name)
    {
        if (Interop.PipeWire.Unavailable is { } why)
        {
            _ = Interop.Libc.Close(fd);
            throw new PipeWireException(why);
        }

        var loop = new ThreadLoopHandle();
        var context = new ContextHandle();
        var core = new CoreHandle();
        try
        {
            var loopPointer = Interop.PipeWire.ThreadLoopNew(name, null);
            if (loopPointer == 0)
            {
                _ = Interop.Libc.Close(fd);
                throw new PipeWireException("pw_thread_loop_new failed.");
            }

            System.Runtime.InteropServices.Marshal.InitHandle(loop, loopPointer);
            var contextPointer = Interop.PipeWire.ContextNew(Interop.PipeWire.ThreadLoopGetLoop(loopPointer), 0, 0);
            if (contextPointer == 0)
            {
                _ = Interop.Libc.Close(fd);
                throw new PipeWireException("pw_context_new failed.");
            }

            context.Attach(loop, contextPointer);
            var started = Interop.PipeWire.ThreadLoopStart(loopPointer);
            if (started < 0)
            {
                _ = Interop.Libc.Close(fd);
                throw new PipeWireException($"pw_thread_loop_start failed ({started}).");
            }

            loop.Lock();
            try
            {
                var corePointer = Interop.PipeWire.ContextConnectFd(contextPointer, fd, 0, 0);
                if (corePointer == 0)
                {
                    throw new PipeWireException($"pw_context_connect_fd failed: {System.Runtime.InteropServices.Marshal.GetLastPInvokeErrorMessage()}");
                }

                core.Attach(loop, corePointer);
            }
            finally
            {
                loop.Unlock();
            }

            return new PipeWireConnection(loop, context, core);
        }
        catch
        {
            core.Dispose();
            context.Dispose();
            loop.Dispose();
            throw;
        }
    }

    /// <summary>Holds the loop lock (recursive: also fine on the loop thread).</summary>
    public LoopLock Lock()
    {
        Loop.Lock();
        return new LoopLock(Loop);
    }

    public void Dispose()
    {
        Core.Dispose();
        Context.Dispose();
        Loop.Dispose();
    }

    internal readonly struct LoopLock(ThreadLoopHandle loop) : IDisposable
    {
        public void Dispose() => loop.Unlock();
    }
}
