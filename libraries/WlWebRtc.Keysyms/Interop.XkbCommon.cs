using System.Runtime.InteropServices;

namespace WlWebRtc.Keysyms;

/// <summary>
/// libxkbcommon's character-to-keysym table: a character's legacy keysym where X11 has one (EuroSign 0x20ac,
/// Cyrillic_a 0x6c1), which is what the XKB layouts bind; compositors that type keysyms look them up in their keymap
/// by exact value, so the Unicode keysym (0x1000000 + code point) of such a character finds no key.
/// </summary>
internal static partial class Interop
{
    internal static partial class XkbCommon
    {
        public const string LibraryName = "libxkbcommon.so.0";

        private static readonly Lazy<bool> LazyIsSupported = new(() =>
        {
            if (!NativeLibrary.TryLoad(LibraryName, out var handle))
            {
                return false;
            }

            var found = NativeLibrary.TryGetExport(handle, "xkb_utf32_to_keysym", out _);
            NativeLibrary.Free(handle);
            return found;
        });

        /// <summary>Whether libxkbcommon (Debian libxkbcommon0, present wherever Mutter or KWin runs) with xkb_utf32_to_keysym (1.0+) can be loaded.</summary>
        public static bool IsSupported => LazyIsSupported.Value;

        /// <summary>The keysym of a UTF-32 character; 0 when it has none (a lone surrogate).</summary>
        [LibraryImport(LibraryName, EntryPoint = "xkb_utf32_to_keysym")]
        public static partial uint Utf32ToKeysym(uint character);
    }
}
