using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Gnome.Input;

/// <summary>The <c>[input.gnome]</c> table.</summary>
/// <param name="SetsInputSources">
/// input_sources = "viewer" (default): under GNOME Shell, the layout <c>[input] keyboard_layout</c> picks (the viewer's
/// or a named one) becomes the session's input source while needed, and the user's come back after; "keep": the
/// session's input sources stay, and characters they lack cannot be typed (Mutter drops them).
/// </param>
internal sealed record GnomeInputOptions(bool SetsInputSources)
{
    public static GnomeInputOptions Default { get; } = new(true);

    /// <summary>Parses the table; returns every error at once (keys relative to the table).</summary>
    public static (GnomeInputOptions Options, IReadOnlyList<ConfigurationError> Errors) Parse(IConfiguration settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var errors = new List<ConfigurationError>();
        var sets = true;
        if (settings["input_sources"] is { } text)
        {
            switch (text.Trim().ToUpperInvariant())
            {
                case "VIEWER":
                    break;
                case "KEEP":
                    sets = false;
                    break;
                default:
                    errors.Add(new ConfigurationError("input_sources", $"'{text}' is not a choice; use viewer or keep."));
                    break;
            }
        }

        return (new GnomeInputOptions(sets), errors);
    }
}
