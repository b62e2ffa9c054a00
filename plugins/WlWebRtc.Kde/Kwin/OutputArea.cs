using WlWebRtc.Wayland;

namespace WlWebRtc.Kde.Kwin;

/// <summary>The captured output's rectangle in KWin's global space, onto which absolute motion (0..1) maps.</summary>
internal sealed record OutputArea(string? Name, int X, int Y, int Width, int Height)
{
    /// <summary>
    /// The output named <paramref name="name"/> (else the first one), at its place and current mode; without any output
    /// known, the target's size at the origin.
    /// </summary>
    public static OutputArea Choose(IReadOnlyList<WaylandOutput> outputs, string? name, int targetWidth, int targetHeight)
    {
        var output = outputs.FirstOrDefault(o => name is not null && o.Name == name) ?? (outputs.Count > 0 ? outputs[0] : null);
        if (output?.CurrentMode is not { } mode || mode.Width <= 0 || mode.Height <= 0)
        {
            return new OutputArea(output?.Name, 0, 0, targetWidth, targetHeight);
        }

        return new OutputArea(output.Name, output.Position.X, output.Position.Y, mode.Width, mode.Height);
    }

    /// <summary>Global coordinates of a point given in 0..1 of the output (the far edge is its last pixel).</summary>
    public (double X, double Y) ToGlobal(double x, double y) =>
        (X + (Math.Clamp(x, 0, 1) * (Width - 1)), Y + (Math.Clamp(y, 0, 1) * (Height - 1)));
}
