namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>Which way clipboard content may travel (<c>[clipboard] direction</c>).</summary>
public enum ClipboardDirection
{
    /// <summary>No clipboard at all.</summary>
    Off,

    /// <summary>The desktop's selection goes to the controlling viewer's browser.</summary>
    ToBrowser,

    /// <summary>The controlling viewer's clipboard goes to the desktop.</summary>
    ToDesktop,

    /// <summary>Both ways.</summary>
    Both,
}

/// <summary>The config names of <see cref="ClipboardDirection"/>.</summary>
public static class ClipboardDirections
{
    /// <summary>The names <c>[clipboard] direction</c> accepts.</summary>
    public static IReadOnlyList<string> Names { get; } = ["both", "to_browser", "to_desktop", "off"];

    public static ClipboardDirection Parse(string name) => name switch
    {
        "both" => ClipboardDirection.Both,
        "to_browser" => ClipboardDirection.ToBrowser,
        "to_desktop" => ClipboardDirection.ToDesktop,
        "off" => ClipboardDirection.Off,
        _ => throw new ArgumentException($"Unknown clipboard direction '{name}'.", nameof(name)),
    };

    public static string Name(this ClipboardDirection direction) => direction switch
    {
        ClipboardDirection.Both => "both",
        ClipboardDirection.ToBrowser => "to_browser",
        ClipboardDirection.ToDesktop => "to_desktop",
        _ => "off",
    };

    public static bool AllowsToBrowser(this ClipboardDirection direction) => direction is ClipboardDirection.Both or ClipboardDirection.ToBrowser;

    public static bool AllowsToDesktop(this ClipboardDirection direction) => direction is ClipboardDirection.Both or ClipboardDirection.ToDesktop;
}
