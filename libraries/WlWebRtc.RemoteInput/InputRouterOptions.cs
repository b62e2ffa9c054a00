namespace WlWebRtc.RemoteInput;

/// <summary>Limits of the input router.</summary>
/// <param name="EventsPerSecond">Average messages a second a viewer may send (beyond: dropped and counted).</param>
/// <param name="Burst">How many messages a viewer may send at once.</param>
public sealed record InputRouterOptions(double EventsPerSecond = 1000, double Burst = 250)
{
    /// <summary>At most one <c>error</c> message a second to a viewer.</summary>
    public TimeSpan ErrorInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The remote keymap (config <c>[input] keyboard_layout</c>): <c>auto</c> follows the layout the controlling viewer
    /// reports (<c>kl</c>), an XKB name (<c>de</c>, <c>fr(bepo)</c>) fixes it.
    /// </summary>
    public string KeyboardLayout { get; init; } = AutoLayout;

    /// <summary>The least time between two keymap changes that viewers cause (each recompiles the keymap).</summary>
    public TimeSpan LayoutChangeInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The <see cref="KeyboardLayout"/> that follows the viewer.</summary>
    public const string AutoLayout = "auto";

    public static InputRouterOptions Default { get; } = new();

    /// <summary>Whether the keymap follows the viewer's layout.</summary>
    public bool FollowsViewerLayout => KeyboardLayout == AutoLayout;

    /// <summary>Throws with every problem at once.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (!double.IsFinite(EventsPerSecond) || EventsPerSecond <= 0)
        {
            errors.Add($"EventsPerSecond must be positive, not {EventsPerSecond}.");
        }

        if (!double.IsFinite(Burst) || Burst < 1)
        {
            errors.Add($"Burst must be at least 1, not {Burst}.");
        }

        if (ErrorInterval < TimeSpan.Zero)
        {
            errors.Add("ErrorInterval must not be negative.");
        }

        if (KeyboardLayout != AutoLayout && !Mapping.KeyboardLayoutName.TryParse(KeyboardLayout, out _, out _))
        {
            errors.Add($"KeyboardLayout must be \"auto\" or an XKB layout such as \"de\" or \"de(nodeadkeys)\", not \"{KeyboardLayout}\".");
        }

        if (LayoutChangeInterval < TimeSpan.Zero)
        {
            errors.Add("LayoutChangeInterval must not be negative.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid input router options: " + string.Join(" ", errors));
        }
    }
}
