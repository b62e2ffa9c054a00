using WlWebRtc.Capture;

namespace WlWebRtc.Sway;

/// <summary>sway's outputs over the IPC socket: the active ones as <see cref="DesktopOutput"/>, and focusing one.</summary>
internal sealed class SwayOutputs
{
    public SwayOutputs(string socketPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(socketPath);
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    /// <summary>The outputs of the session when it is sway (SWAYSOCK names a socket), else null.</summary>
    public static SwayOutputs? ForSession(string? swaySocket) =>
        !string.IsNullOrEmpty(swaySocket) && File.Exists(swaySocket) ? new SwayOutputs(swaySocket) : null;

    /// <summary>Every output sway reports (active or not).</summary>
    public async Task<IReadOnlyList<SwayOutput>> GetAsync(CancellationToken cancellationToken) =>
        SwayOutput.ParseList(await SwayIpcClient.RequestAsync(SocketPath, SwayIpcClient.GetOutputs, string.Empty, SwayOutputResizer.RequestTimeout, cancellationToken).ConfigureAwait(false));

    /// <summary>The active outputs, left to right then top to bottom.</summary>
    public async Task<IReadOnlyList<DesktopOutput>> ListAsync(CancellationToken cancellationToken) =>
        ToDesktopOutputs(await GetAsync(cancellationToken).ConfigureAwait(false));

    public static IReadOnlyList<DesktopOutput> ToDesktopOutputs(IReadOnlyList<SwayOutput> outputs) =>
        [.. outputs.Where(o => o.Active).OrderBy(o => o.X).ThenBy(o => o.Y).Select(o => new DesktopOutput(o.Name, o.X, o.Y, o.ModeWidth, o.ModeHeight, o.Scale))];

    /// <summary>
    /// Focuses output <paramref name="name"/> (sway also warps the pointer there): the portal's chooser of a session
    /// configured by wlwebrtc casts the focused output.
    /// </summary>
    public async Task FocusAsync(string name, CancellationToken cancellationToken)
    {
        var reply = await SwayIpcClient.RequestAsync(SocketPath, SwayIpcClient.RunCommand, FocusCommand(name), SwayOutputResizer.RequestTimeout, cancellationToken).ConfigureAwait(false);
        SwayOutputResizer.CheckCommandReply(reply);
    }

    /// <summary>The sway command that focuses <paramref name="name"/>; throws for a name that cannot be quoted safely.</summary>
    public static string FocusCommand(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        SwayOutputResizer.CheckName(name);
        return $"focus output \"{name}\"";
    }

    /// <summary>
    /// The output a cast of <paramref name="size"/> shows: the only active output, else the only one of that size (mode
    /// or logical), else the focused one of that size (the portal's chooser in a session wlwebrtc configures casts the
    /// focused output), else the one at <paramref name="at"/>; null when none of that tells. (xdg-desktop-portal-wlr
    /// 0.7 reports (0, 0) as every stream's position, so the position comes last.)
    /// </summary>
    public static string? NameOf(IReadOnlyList<SwayOutput> outputs, (int Width, int Height)? size, (int X, int Y)? at)
    {
        ArgumentNullException.ThrowIfNull(outputs);
        var active = outputs.Where(o => o.Active).ToList();
        if (active.Count == 1)
        {
            return active[0].Name;
        }

        var sized = size is { } s ? active.Where(o => Shows(o, s)).ToList() : active;
        if (sized.Count == 1)
        {
            return sized[0].Name;
        }

        return sized.FirstOrDefault(o => o.Focused)?.Name
            ?? (at is { } p ? sized.FirstOrDefault(o => o.X == p.X && o.Y == p.Y)?.Name : null);
    }

    /// <summary>Whether a cast of <paramref name="size"/> can show <paramref name="output"/> (its mode or its logical size).</summary>
    public static bool Shows(SwayOutput output, (int Width, int Height) size)
    {
        ArgumentNullException.ThrowIfNull(output);
        return (output.ModeWidth == size.Width && output.ModeHeight == size.Height) || (output.LogicalWidth == size.Width && output.LogicalHeight == size.Height);
    }
}
