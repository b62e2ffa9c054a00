using System.Runtime.InteropServices;

namespace WlWebRtc.Input.Tests.Keymap;

/// <summary>libxkbcommon, the keymap compiler sway (wlroots) and foot use: the keymap tests compile with it as they do.</summary>
internal static partial class Interop
{
    internal static partial class XkbCommon
    {
        private const string LibraryName = "libxkbcommon.so.0";

        public const int KeymapFormatTextV1 = 1;
        public const int StateModsEffective = 1 << 3;

        [LibraryImport(LibraryName, EntryPoint = "xkb_context_new")]
        public static partial SafeXkbContext ContextNew(int flags);

        [LibraryImport(LibraryName, EntryPoint = "xkb_context_unref")]
        public static partial void ContextUnref(nint context);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keymap_new_from_string", StringMarshalling = StringMarshalling.Utf8)]
        public static partial SafeXkbKeymap KeymapNewFromString(SafeXkbContext context, string text, int format, int flags);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keymap_unref")]
        public static partial void KeymapUnref(nint keymap);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_new")]
        public static partial SafeXkbState StateNew(SafeXkbKeymap keymap);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_unref")]
        public static partial void StateUnref(nint state);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_update_mask")]
        public static partial int StateUpdateMask(SafeXkbState state, uint depressed, uint latched, uint locked, uint depressedLayout, uint latchedLayout, uint lockedLayout);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_key_get_one_sym")]
        public static partial uint StateKeyGetOneSym(SafeXkbState state, uint keycode);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_mod_name_is_active", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int StateModNameIsActive(SafeXkbState state, string name, int type);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keysym_get_name")]
        private static unsafe partial int KeysymGetName(uint keysym, byte* buffer, nuint size);

        public static unsafe string KeysymName(uint keysym)
        {
            var buffer = stackalloc byte[64];
            var length = KeysymGetName(keysym, buffer, 64);
            return length < 0 ? $"<invalid {keysym}>" : System.Text.Encoding.UTF8.GetString(buffer, Math.Min(length, 63));
        }
    }
}

/// <summary>An xkbcommon object, released with its type's unref function.</summary>
internal abstract class SafeXkbHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected abstract void Unref(nint pointer);

    protected override bool ReleaseHandle()
    {
        Unref(handle);
        return true;
    }
}

internal sealed class SafeXkbContext : SafeXkbHandle
{
    protected override void Unref(nint pointer) => Interop.XkbCommon.ContextUnref(pointer);
}

internal sealed class SafeXkbKeymap : SafeXkbHandle
{
    protected override void Unref(nint pointer) => Interop.XkbCommon.KeymapUnref(pointer);
}

internal sealed class SafeXkbState : SafeXkbHandle
{
    protected override void Unref(nint pointer) => Interop.XkbCommon.StateUnref(pointer);
}
