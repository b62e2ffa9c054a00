using System.Runtime.InteropServices;

namespace WlWebRtc.Input.WlrVirtualInput.Keyboard.Xkb;

/// <summary>
/// libxkbcommon, the keymap compiler wlroots compositors and their clients use: it compiles a layout by its XKB names
/// into the keymap the virtual keyboard uploads, and tracks the modifier state that the keyboard must send itself.
/// </summary>
internal static partial class Interop
{
    internal static partial class XkbCommon
    {
        public const string LibraryName = "libxkbcommon.so.0";

        public const int KeymapFormatTextV1 = 1;
        public const int KeyUp = 0;
        public const int KeyDown = 1;
        public const int ModsDepressed = 1 << 0;
        public const int ModsLatched = 1 << 1;
        public const int ModsLocked = 1 << 2;
        public const int ModsEffective = 1 << 3;
        public const int LayoutLocked = 1 << 6;

        private static readonly Lazy<bool> LazyIsSupported = new(() =>
        {
            if (!NativeLibrary.TryLoad(LibraryName, out var handle))
            {
                return false;
            }

            NativeLibrary.Free(handle);
            return true;
        });

        /// <summary>Whether libxkbcommon can be loaded (Debian package libxkbcommon0, present wherever a wlroots compositor runs).</summary>
        public static bool IsSupported => LazyIsSupported.Value;

        [StructLayout(LayoutKind.Sequential)]
        public struct RuleNames
        {
            public nint Rules;
            public nint Model;
            public nint Layout;
            public nint Variant;
            public nint Options;
        }

        [LibraryImport(LibraryName, EntryPoint = "xkb_context_new")]
        public static partial XkbContextHandle ContextNew(int flags);

        [LibraryImport(LibraryName, EntryPoint = "xkb_context_unref")]
        public static partial void ContextUnref(nint context);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keymap_new_from_string", StringMarshalling = StringMarshalling.Utf8)]
        public static partial XkbKeymapHandle KeymapNewFromString(XkbContextHandle context, string text, int format, int flags);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keymap_new_from_names")]
        public static partial XkbKeymapHandle KeymapNewFromNames(XkbContextHandle context, in RuleNames names, int flags);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keymap_get_as_string")]
        public static partial nint KeymapGetAsString(XkbKeymapHandle keymap, int format);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keymap_max_keycode")]
        public static partial uint KeymapMaxKeycode(XkbKeymapHandle keymap);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keymap_unref")]
        public static partial void KeymapUnref(nint keymap);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_new")]
        public static partial XkbStateHandle StateNew(XkbKeymapHandle keymap);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_unref")]
        public static partial void StateUnref(nint state);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_update_key")]
        public static partial int StateUpdateKey(XkbStateHandle state, uint keycode, int direction);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_update_mask")]
        public static partial int StateUpdateMask(XkbStateHandle state, uint depressed, uint latched, uint locked, uint depressedLayout, uint latchedLayout, uint lockedLayout);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_serialize_mods")]
        public static partial uint StateSerializeMods(XkbStateHandle state, int components);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_serialize_layout")]
        public static partial uint StateSerializeLayout(XkbStateHandle state, int components);

        [LibraryImport(LibraryName, EntryPoint = "xkb_state_key_get_one_sym")]
        public static partial uint StateKeyGetOneSym(XkbStateHandle state, uint keycode);

        // Used by the keymap tests to read back a compiled keymap's modifier state as a compositor would.
        [LibraryImport(LibraryName, EntryPoint = "xkb_state_mod_name_is_active", StringMarshalling = StringMarshalling.Utf8)]
        public static partial int StateModNameIsActive(XkbStateHandle state, string name, int type);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keysym_to_utf32")]
        public static partial uint KeysymToUtf32(uint keysym);

        [LibraryImport(LibraryName, EntryPoint = "xkb_utf32_to_keysym")]
        public static partial uint Utf32ToKeysym(uint codepoint);

        [LibraryImport(LibraryName, EntryPoint = "xkb_keysym_get_name")]
        private static unsafe partial int KeysymGetName(uint keysym, byte* buffer, nuint size);

        /// <summary>The keysym's name (<c>ssharp</c>, <c>Cyrillic_a</c>, <c>U1F600</c>); null for an invalid keysym.</summary>
        public static unsafe string? KeysymName(uint keysym)
        {
            var buffer = stackalloc byte[64];
            var length = KeysymGetName(keysym, buffer, 64);
            return length is <= 0 or >= 64 ? null : System.Text.Encoding.UTF8.GetString(buffer, length);
        }
    }
}

/// <summary>An xkbcommon object, released with its type's unref function.</summary>
internal abstract class XkbHandle() : SafeHandle(0, ownsHandle: true)
{
    public override bool IsInvalid => handle == 0;

    protected abstract void Unref(nint pointer);

    protected override bool ReleaseHandle()
    {
        Unref(handle);
        return true;
    }
}

internal sealed class XkbContextHandle : XkbHandle
{
    protected override void Unref(nint pointer) => Interop.XkbCommon.ContextUnref(pointer);
}

internal sealed class XkbKeymapHandle : XkbHandle
{
    protected override void Unref(nint pointer) => Interop.XkbCommon.KeymapUnref(pointer);
}

internal sealed class XkbStateHandle : XkbHandle
{
    protected override void Unref(nint pointer) => Interop.XkbCommon.StateUnref(pointer);
}
