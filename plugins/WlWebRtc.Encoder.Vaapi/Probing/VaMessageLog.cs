using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>
/// Collects libva's messages for one display, so they end up in the reason instead of on stderr.
/// libva calls back with the GCHandle of this object as its context.
/// </summary>
internal sealed unsafe class VaMessageLog : IDisposable
{
    private readonly List<string> _errors = [];
    private readonly List<string> _info = [];
    private GCHandle _self;

    public VaMessageLog() => _self = GCHandle.Alloc(this);

    public nint Context => GCHandle.ToIntPtr(_self);

    public static delegate* unmanaged[Cdecl]<nint, byte*, void> ErrorCallback => &OnError;

    public static delegate* unmanaged[Cdecl]<nint, byte*, void> InfoCallback => &OnInfo;

    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_errors)
            {
                return [.. _errors];
            }
        }
    }

    public IReadOnlyList<string> Info
    {
        get
        {
            lock (_info)
            {
                return [.. _info];
            }
        }
    }

    /// <summary>Frees the context; call only once libva can no longer call back (after vaTerminate).</summary>
    public void Dispose()
    {
        if (_self.IsAllocated)
        {
            _self.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnError(nint context, byte* message) => Add(context, message, info: false);

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static void OnInfo(nint context, byte* message) => Add(context, message, info: true);

    private static void Add(nint context, byte* message, bool info)
    {
        // No exception may cross into libva.
        try
        {
            if (context == 0 || GCHandle.FromIntPtr(context).Target is not VaMessageLog log)
            {
                return;
            }

            var text = Marshal.PtrToStringUTF8((nint)message)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            var list = info ? log._info : log._errors;
            lock (list)
            {
                list.Add(text);
            }
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): swallowed on purpose: an exception must not unwind through native frames
        catch (Exception)
        {
        }
    }
}
