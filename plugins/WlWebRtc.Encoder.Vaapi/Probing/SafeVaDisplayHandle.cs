using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>
/// A VADisplay from vaGetDisplayDRM. It holds a reference on the render node's fd, which libva uses until
/// vaTerminate, so the fd is closed only after the display is gone. vaTerminate is also right after a
/// failed vaInitialize: it frees the display context either way.
/// </summary>
internal sealed class SafeVaDisplayHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeFileHandle? _node;

    public SafeVaDisplayHandle()
        : base(ownsHandle: true)
    {
    }

    private SafeVaDisplayHandle(nint display, SafeFileHandle node)
        : base(ownsHandle: true)
    {
        SetHandle(display);
        _node = node;
    }

    /// <summary>The display for an open render node, or null when libva gives none.</summary>
    public static SafeVaDisplayHandle? Create(SafeFileHandle node)
    {
        var referenced = false;
        node.DangerousAddRef(ref referenced);
        var display = Interop.LibVa.GetDisplayDrm(checked((int)node.DangerousGetHandle()));
        if (display == 0)
        {
            node.DangerousRelease();
            return null;
        }

        return new SafeVaDisplayHandle(display, node);
    }

    protected override bool ReleaseHandle()
    {
        // Nothing to do about a failing vaTerminate: the display is gone either way.
        _ = Interop.LibVa.Terminate(handle);
        _node?.DangerousRelease();
        return true;
    }
}
