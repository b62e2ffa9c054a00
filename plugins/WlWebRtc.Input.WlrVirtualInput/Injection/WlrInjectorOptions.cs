namespace WlWebRtc.Input.WlrVirtualInput.Injection;

/// <summary>How the injector connects and where it aims.</summary>
/// <param name="SocketPath">The compositor's socket.</param>
/// <param name="Width">Width of the captured output (the x extent of absolute motion).</param>
/// <param name="Height">Height of the captured output (the y extent).</param>
/// <param name="OutputName">The output to map absolute motion onto (wl_output name), if known.</param>
internal sealed record WlrInjectorOptions(string SocketPath, int Width, int Height, string? OutputName)
{
    /// <summary>How long a round trip to the compositor may take during set-up.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The pause after the keymap before the first key: the seat gains its keyboard with the first virtual keyboard,
    /// and a key sent before the focused client has asked for a wl_keyboard is lost.
    /// </summary>
    public TimeSpan KeymapSettle { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>
    /// The output the capture shows now, asked at every absolute motion (the capture may switch outputs): absolute
    /// motion follows it. Null: <see cref="OutputName"/> for good.
    /// </summary>
    public Func<string?>? WatchedOutput { get; init; }
}
