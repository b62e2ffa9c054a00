using System.Globalization;
using System.Text;

namespace WlWebRtc.Input.WlrVirtualInput.Keyboard;

/// <summary>
/// A small xkb keymap (US layout, plus the ISO and Japanese extra keys and common media keys) written for this
/// plugin. Keys carry keysyms but no actions: modifier state is sent explicitly with <c>modifiers</c>
/// (see <see cref="ModifierState"/>), so the compositor's and the clients' view of it cannot drift apart.
/// Keycodes are evdev codes + 8, named &lt;I<i>n</i>&gt;. The keypad digits follow Num Lock (the real modifier
/// Mod2, bound to the virtual modifier NumLock): level 1 is the navigation keysym, level 2 the digit.
/// Keycodes above 255 (evdev above 247: KEY_SELECT, KEY_FN) are written too: xkbcommon, which the compositor and
/// Wayland clients use, accepts them (the <c>maximum</c> statement is ignored); xkbcomp, through which Xwayland
/// loads the keymap, drops them with a warning, so X11 clients never see those two keys.
/// </summary>
internal static class UsKeymap
{
    private static readonly Lazy<string> LazyText = new(Build);

    /// <summary>evdev code → keysyms (level 1, level 2).</summary>
    public static IReadOnlyDictionary<int, string[]> Symbols { get; } = new Dictionary<int, string[]>
    {
        [1] = ["Escape"],
        [2] = ["1", "exclam"], [3] = ["2", "at"], [4] = ["3", "numbersign"], [5] = ["4", "dollar"], [6] = ["5", "percent"],
        [7] = ["6", "asciicircum"], [8] = ["7", "ampersand"], [9] = ["8", "asterisk"], [10] = ["9", "parenleft"], [11] = ["0", "parenright"],
        [12] = ["minus", "underscore"], [13] = ["equal", "plus"], [14] = ["BackSpace"], [15] = ["Tab", "ISO_Left_Tab"],
        [16] = ["q", "Q"], [17] = ["w", "W"], [18] = ["e", "E"], [19] = ["r", "R"], [20] = ["t", "T"], [21] = ["y", "Y"],
        [22] = ["u", "U"], [23] = ["i", "I"], [24] = ["o", "O"], [25] = ["p", "P"],
        [26] = ["bracketleft", "braceleft"], [27] = ["bracketright", "braceright"], [28] = ["Return"], [29] = ["Control_L"],
        [30] = ["a", "A"], [31] = ["s", "S"], [32] = ["d", "D"], [33] = ["f", "F"], [34] = ["g", "G"], [35] = ["h", "H"],
        [36] = ["j", "J"], [37] = ["k", "K"], [38] = ["l", "L"],
        [39] = ["semicolon", "colon"], [40] = ["apostrophe", "quotedbl"], [41] = ["grave", "asciitilde"], [42] = ["Shift_L"],
        [43] = ["backslash", "bar"],
        [44] = ["z", "Z"], [45] = ["x", "X"], [46] = ["c", "C"], [47] = ["v", "V"], [48] = ["b", "B"], [49] = ["n", "N"], [50] = ["m", "M"],
        [51] = ["comma", "less"], [52] = ["period", "greater"], [53] = ["slash", "question"], [54] = ["Shift_R"],
        [55] = ["KP_Multiply"], [56] = ["Alt_L"], [57] = ["space"], [58] = ["Caps_Lock"],
        [59] = ["F1"], [60] = ["F2"], [61] = ["F3"], [62] = ["F4"], [63] = ["F5"], [64] = ["F6"], [65] = ["F7"], [66] = ["F8"],
        [67] = ["F9"], [68] = ["F10"], [69] = ["Num_Lock"], [70] = ["Scroll_Lock"],
        [71] = ["KP_Home", "KP_7"], [72] = ["KP_Up", "KP_8"], [73] = ["KP_Prior", "KP_9"], [74] = ["KP_Subtract"],
        [75] = ["KP_Left", "KP_4"], [76] = ["KP_Begin", "KP_5"], [77] = ["KP_Right", "KP_6"], [78] = ["KP_Add"],
        [79] = ["KP_End", "KP_1"], [80] = ["KP_Down", "KP_2"], [81] = ["KP_Next", "KP_3"], [82] = ["KP_Insert", "KP_0"],
        [83] = ["KP_Delete", "KP_Decimal"],
        [85] = ["Zenkaku_Hankaku"], [86] = ["less", "greater"], [87] = ["F11"], [88] = ["F12"], [89] = ["backslash", "underscore"],
        [90] = ["Katakana"], [91] = ["Hiragana"], [92] = ["Henkan_Mode"], [93] = ["Hiragana_Katakana"], [94] = ["Muhenkan"],
        [95] = ["KP_Separator"], [96] = ["KP_Enter"], [97] = ["Control_R"], [98] = ["KP_Divide"], [99] = ["Print"], [100] = ["Alt_R"],
        [102] = ["Home"], [103] = ["Up"], [104] = ["Prior"], [105] = ["Left"], [106] = ["Right"], [107] = ["End"], [108] = ["Down"],
        [109] = ["Next"], [110] = ["Insert"], [111] = ["Delete"],
        [113] = ["XF86AudioMute"], [114] = ["XF86AudioLowerVolume"], [115] = ["XF86AudioRaiseVolume"], [116] = ["XF86PowerOff"],
        [117] = ["KP_Equal"], [119] = ["Pause"], [121] = ["KP_Separator"], [122] = ["Hangul"], [123] = ["Hangul_Hanja"],
        [124] = ["yen", "bar"], [125] = ["Super_L"], [126] = ["Super_R"], [127] = ["Menu"],
        [128] = ["Cancel"], [129] = ["Redo"], [130] = ["SunProps"], [131] = ["Undo"], [132] = ["SunFront"], [133] = ["XF86Copy"],
        [134] = ["XF86Open"], [135] = ["XF86Paste"], [136] = ["Find"], [137] = ["XF86Cut"], [138] = ["Help"], [140] = ["XF86Calculator"],
        [142] = ["XF86Sleep"], [143] = ["XF86WakeUp"], [155] = ["XF86Mail"], [156] = ["XF86Favorites"], [157] = ["XF86MyComputer"],
        [158] = ["XF86Back"], [159] = ["XF86Forward"], [161] = ["XF86Eject"], [163] = ["XF86AudioNext"], [164] = ["XF86AudioPlay"],
        [165] = ["XF86AudioPrev"], [166] = ["XF86AudioStop"], [167] = ["XF86AudioRecord"], [168] = ["XF86AudioRewind"],
        [172] = ["XF86HomePage"], [173] = ["XF86Reload"], [179] = ["parenleft"], [180] = ["parenright"],
        [183] = ["F13"], [184] = ["F14"], [185] = ["F15"], [186] = ["F16"], [187] = ["F17"], [188] = ["F18"], [189] = ["F19"],
        [190] = ["F20"], [191] = ["F21"], [192] = ["F22"], [193] = ["F23"], [194] = ["F24"],
        [200] = ["XF86AudioPlay"], [201] = ["XF86AudioPause"], [207] = ["XF86AudioPlay"], [208] = ["XF86AudioForward"],
        [217] = ["XF86Search"], [224] = ["XF86MonBrightnessDown"], [225] = ["XF86MonBrightnessUp"], [226] = ["XF86AudioMedia"],
        [353] = ["Select"], [464] = ["XF86Fn"],
    };

    /// <summary>The keypad keys whose level follows Num Lock (type KEYPAD).</summary>
    public static IReadOnlySet<int> NumLockKeys { get; } = new HashSet<int> { 71, 72, 73, 75, 76, 77, 79, 80, 81, 82, 83 };

    /// <summary>The keymap text (XKB_KEYMAP_FORMAT_TEXT_V1).</summary>
    public static string Text => LazyText.Value;

    public static string KeyName(int evdevCode) => "I" + (evdevCode + 8).ToString(CultureInfo.InvariantCulture);

    private static string Build()
    {
        var invariant = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("xkb_keymap {\n");
        text.Append(invariant, $"xkb_keycodes \"wlwebrtc\" {{\n  minimum = 8;\n  maximum = {Symbols.Keys.Max() + 8};\n");
        foreach (var code in Symbols.Keys.Order())
        {
            text.Append(invariant, $"  <{KeyName(code)}> = {code + 8};\n");
        }

        text.Append("};\n");
        text.Append("""
            xkb_types "wlwebrtc" {
              virtual_modifiers NumLock;
              type "ONE_LEVEL" { modifiers = none; level_name[Level1] = "Any"; };
              type "KEYPAD" { modifiers = Shift+NumLock; map[None] = Level1; map[Shift] = Level2; map[NumLock] = Level2; map[Shift+NumLock] = Level1; level_name[Level1] = "Base"; level_name[Level2] = "Number"; };
              type "TWO_LEVEL" { modifiers = Shift; map[Shift] = Level2; level_name[Level1] = "Base"; level_name[Level2] = "Shift"; };
              type "ALPHABETIC" { modifiers = Shift+Lock; map[Shift] = Level2; map[Lock] = Level2; level_name[Level1] = "Base"; level_name[Level2] = "Caps"; };
            };
            xkb_compatibility "wlwebrtc" {
              virtual_modifiers NumLock;
              interpret Num_Lock { virtualModifier = NumLock; };
            };

            """);
        text.Append("xkb_symbols \"wlwebrtc\" {\n  name[Group1] = \"English (US)\";\n");
        foreach (var (code, symbols) in Symbols.OrderBy(p => p.Key))
        {
            var type = symbols.Length == 1 ? "ONE_LEVEL" : NumLockKeys.Contains(code) ? "KEYPAD" : IsLetter(symbols[0]) ? "ALPHABETIC" : "TWO_LEVEL";
            text.Append(invariant, $"  key <{KeyName(code)}> {{ type = \"{type}\", [ {string.Join(", ", symbols)} ] }};\n");
        }

        foreach (var (modifier, codes) in ModifierState.ModifierKeys)
        {
            text.Append(invariant, $"  modifier_map {modifier} {{ {string.Join(", ", codes.Select(c => "<" + KeyName(c) + ">"))} }};\n");
        }

        text.Append("};\n};\n");
        return text.ToString();
    }

    private static bool IsLetter(string keysym) => keysym.Length == 1 && char.IsAsciiLetterLower(keysym[0]);
}
