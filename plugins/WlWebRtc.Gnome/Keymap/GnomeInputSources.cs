namespace WlWebRtc.Gnome.Keymap;

/// <summary>
/// The keyboard layout of a GNOME Shell session: its <c>org.gnome.desktop.input-sources</c> settings, which the shell
/// loads into Mutter's keymap. <see cref="ApplyAsync"/> makes the viewer's layout the only input source (the shell
/// then activates it: with one source there is nothing else to pick; the shell keeps its own most-recently-used order
/// when the list only changes order, so moving the layout to the front would not switch), after saving the user's
/// <c>sources</c> and <c>mru-sources</c> once; <see cref="RestoreAsync"/> writes them back (the shell then activates
/// the first of the user's sources). Mutter alone (no shell) reads no setting: there this changes nothing. Not
/// thread-safe: its injector calls it from its one input queue (one command at a time) and, after that stopped, on disposal.
/// </summary>
internal sealed class GnomeInputSources
{
    public const string Schema = "org.gnome.desktop.input-sources";

    private readonly GSettingsRunner _gsettings;
    private (string Sources, string MruSources)? _saved;
    private string? _applied;

    public GnomeInputSources(GSettingsRunner gsettings) => _gsettings = gsettings;

    /// <summary>The user's settings as saved before the first change (GVariant text), null while nothing is changed.</summary>
    public (string Sources, string MruSources)? Saved => _saved;

    /// <summary>An XKB layout and variant as GNOME names an xkb input source: <c>de</c>, <c>de+nodeadkeys</c>.</summary>
    public static string XkbSourceId(string layout, string variant) => variant.Length == 0 ? layout : layout + "+" + variant;

    /// <summary>The <c>sources</c> value with only that layout. The names are checked XKB names (letters, digits, _ and -): no quoting needed.</summary>
    public static string OnlySource(string sourceId) => $"[('xkb', '{sourceId}')]";

    /// <summary>Makes <paramref name="layout"/> (and <paramref name="variant"/>) the session's only input source; returns what the user had (GVariant text).</summary>
    public async Task<string> ApplyAsync(string layout, string variant, CancellationToken cancellationToken)
    {
        var id = XkbSourceId(layout, variant);
        _saved ??= (await GetAsync("sources", cancellationToken).ConfigureAwait(false), await GetAsync("mru-sources", cancellationToken).ConfigureAwait(false));
        if (_applied != id)
        {
            await SetAsync("sources", OnlySource(id), cancellationToken).ConfigureAwait(false);
            _applied = id;
        }

        return _saved.Value.Sources;
    }

    /// <summary>Writes back the user's settings saved by the first <see cref="ApplyAsync"/>; false when nothing was changed.</summary>
    public async Task<bool> RestoreAsync(CancellationToken cancellationToken)
    {
        if (_saved is not { } saved)
        {
            return false;
        }

        await SetAsync("sources", saved.Sources, cancellationToken).ConfigureAwait(false);
        await SetAsync("mru-sources", saved.MruSources, cancellationToken).ConfigureAwait(false);
        _saved = null;
        _applied = null;
        return true;
    }

    private async Task<string> GetAsync(string key, CancellationToken cancellationToken)
    {
        var result = await _gsettings(["get", Schema, key], cancellationToken).ConfigureAwait(false);
        return result.ExitCode == 0 && result.StandardOutput.Trim() is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"gsettings get {Schema} {key} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
    }

    private async Task SetAsync(string key, string value, CancellationToken cancellationToken)
    {
        var result = await _gsettings(["set", Schema, key, value], cancellationToken).ConfigureAwait(false);
        if (result.ExitCode != 0)
        {
            throw new InvalidOperationException($"gsettings set {Schema} {key} failed (exit {result.ExitCode}): {result.StandardError.Trim()}");
        }
    }
}
