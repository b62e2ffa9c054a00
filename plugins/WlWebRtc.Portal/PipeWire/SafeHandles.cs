using System.Runtime.InteropServices;

namespace WlWebRtc.Portal.PipeWire;

/// <summary>pw_thread_loop: stopped and destroyed on release.</summary>
internal sealed class ThreadLoopHandle : SafeHandle
{
    public ThreadLoopHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public void Lock() => Interop.PipeWire.ThreadLoopLock(handle);

    public void Unlock() => Interop.PipeWire.ThreadLoopUnlock(handle);

    protected override bool ReleaseHandle()
    {
        Interop.PipeWire.ThreadLoopStop(handle);
        Interop.PipeWire.ThreadLoopDestroy(handle);
        return true;
    }
}

/// <summary>A PipeWire object that lives on a thread loop and is destroyed with the loop locked; holds a reference on the loop.</summary>
internal abstract class LoopObjectHandle : SafeHandle
{
    private ThreadLoopHandle? _loop;

    protected LoopObjectHandle()
        : base(0, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == 0;

    public void Attach(ThreadLoopHandle loop, nint value)
    {
        var added = false;
        loop.DangerousAddRef(ref added);
        _loop = loop;
        SetHandle(value);
    }

    protected sealed override bool ReleaseHandle()
    {
        var loop = _loop!;
        loop.Lock();
        try
        {
            Destroy(handle);
        }
        finally
        {
            loop.Unlock();
            loop.DangerousRelease();
        }

        return true;
    }

    protected abstract void Destroy(nint value);
}

internal sealed class ContextHandle : LoopObjectHandle
{
    protected override void Destroy(nint value) => Interop.PipeWire.ContextDestroy(value);
}

internal sealed class CoreHandle : LoopObjectHandle
{
    protected override void Destroy(nint value) => _ = Interop.PipeWire.CoreDisconnect(value);
}

internal sealed class StreamHandle : LoopObjectHandle
{
    protected override void Destroy(nint value) => Interop.PipeWire.StreamDestroy(value);
}
