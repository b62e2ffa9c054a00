using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.Encoder.Vaapi.Probing;

/// <summary>A VA display on an open render node, through libva.</summary>
internal sealed unsafe class LibVaDisplay : IVaapiDisplay
{
    private readonly SafeFileHandle _node;
    private readonly SafeVaDisplayHandle _display;
    private readonly VaMessageLog _messages;

    private LibVaDisplay(SafeFileHandle node, SafeVaDisplayHandle display, VaMessageLog messages)
    {
        _node = node;
        _display = display;
        _messages = messages;
    }

    public IReadOnlyList<string> ErrorMessages => _messages.Errors;

    /// <summary>Takes ownership of <paramref name="node"/>; returns null (and closes it) when libva gives no display.</summary>
    public static LibVaDisplay? Create(SafeFileHandle node)
    {
        SafeVaDisplayHandle? display = null;
        VaMessageLog? messages = null;
        try
        {
            display = SafeVaDisplayHandle.Create(node);
            if (display is null)
            {
                node.Dispose();
                return null;
            }

            messages = new VaMessageLog();
            _ = Interop.LibVa.SetErrorCallback(display, VaMessageLog.ErrorCallback, messages.Context);
            _ = Interop.LibVa.SetInfoCallback(display, VaMessageLog.InfoCallback, messages.Context);
            return new LibVaDisplay(node, display, messages);
        }
        catch
        {
            // e.g. EntryPointNotFoundException from an unusual libva build: release in the same order as Dispose.
            display?.Dispose();
            messages?.Dispose();
            node.Dispose();
            throw;
        }
    }

    public int Initialize(out int major, out int minor) => Interop.LibVa.Initialize(_display, out major, out minor);

    public string ErrorString(int status) =>
        Marshal.PtrToStringUTF8(Interop.LibVa.ErrorStr(status)) is { Length: > 0 } text ? text : $"VAStatus 0x{status:x}";

    public string? VendorString()
    {
        var text = Marshal.PtrToStringUTF8(Interop.LibVa.QueryVendorString(_display))?.Trim();
        return string.IsNullOrEmpty(text) ? null : text;
    }

    public int QueryProfiles(out int[] profiles)
    {
        var capacity = Interop.LibVa.MaxNumProfiles(_display);
        var buffer = new int[Math.Max(capacity, 1)];
        int count;
        int status;
        fixed (int* list = buffer)
        {
            status = Interop.LibVa.QueryConfigProfiles(_display, list, out count);
        }

        profiles = status == VaConstants.StatusSuccess ? buffer[..Math.Clamp(count, 0, buffer.Length)] : [];
        return status;
    }

    public int QueryEntrypoints(int profile, out int[] entrypoints)
    {
        var capacity = Interop.LibVa.MaxNumEntrypoints(_display);
        var buffer = new int[Math.Max(capacity, 1)];
        int count;
        int status;
        fixed (int* list = buffer)
        {
            status = Interop.LibVa.QueryConfigEntrypoints(_display, profile, list, out count);
        }

        entrypoints = status == VaConstants.StatusSuccess ? buffer[..Math.Clamp(count, 0, buffer.Length)] : [];
        return status;
    }

    public void Dispose()
    {
        // vaTerminate may still report messages: free their context only afterwards, and the fd last.
        _display.Dispose();
        _messages.Dispose();
        _node.Dispose();
    }
}
