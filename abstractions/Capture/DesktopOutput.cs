namespace WlWebRtc.Capture;

/// <summary>One output (monitor) of the desktop, or a window a source offers next to them, as <see cref="IOutputSelection"/> lists it.</summary>
/// <param name="Name">The compositor's name for it (e.g. HEADLESS-2), unique among the outputs.</param>
/// <param name="X">Left edge in the layout, in logical pixels.</param>
/// <param name="Y">Top edge in the layout, in logical pixels.</param>
/// <param name="Width">Width of its mode in pixels.</param>
/// <param name="Height">Height of its mode in pixels.</param>
/// <param name="Scale">Its HiDPI scale (logical size = pixels / scale).</param>
public sealed record DesktopOutput(string Name, int X, int Y, int Width, int Height, double Scale)
{
    /// <summary>
    /// Set when this entry is a window the source can capture instead of a whole output: what a person recognises it by
    /// (its title). The place and size are then the window's frame in the layout. Null for an output.
    /// </summary>
    public string? WindowTitle { get; init; }
}
