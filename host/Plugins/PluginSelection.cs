using WlWebRtc.Capture;
using WlWebRtc.Encoders;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Input;
using WlWebRtc.Plugins;
using WlWebRtc.Signaling;
using WlWebRtc.Transport;

namespace WlWebRtc.Host.Plugins;

/// <summary>The plugins chosen for each kind, and why a kind has none.</summary>
internal sealed record PluginSelection(IReadOnlyDictionary<PluginKind, IReadOnlyList<PluginEntry>> Chosen, IReadOnlyDictionary<PluginKind, string> Problems)
{
    public PluginEntry? Single(PluginKind kind) => Chosen.TryGetValue(kind, out var list) && list.Count > 0 ? list[0] : null;

    /// <summary>The capture plugin, or null when none was selected (then <see cref="FatalProblems"/> says why).</summary>
    public SelectedPlugin<ICapturePlugin>? Capture => Typed<ICapturePlugin>(PluginKind.Capture);

    /// <summary>The encoder plugin, or null when none was selected (then <see cref="FatalProblems"/> says why).</summary>
    public SelectedPlugin<IEncoderPlugin>? Encoder => Typed<IEncoderPlugin>(PluginKind.Encoder);

    /// <summary>The transport plugin, or null when none was selected (then <see cref="FatalProblems"/> says why).</summary>
    public SelectedPlugin<ITransportPlugin>? Transport => Typed<ITransportPlugin>(PluginKind.Transport);

    /// <summary>The input plugin, or null: input is optional.</summary>
    public SelectedPlugin<IInputPlugin>? Input => Typed<IInputPlugin>(PluginKind.Input);

    /// <summary>Every selected signaling plugin (possibly none).</summary>
    public IReadOnlyList<SelectedPlugin<ISignalingPlugin>> Signaling =>
        [.. Chosen.GetValueOrDefault(PluginKind.Signaling, []).Select(SelectedPlugin<ISignalingPlugin>.From)];

    private SelectedPlugin<TPlugin>? Typed<TPlugin>(PluginKind kind)
        where TPlugin : class, IPlugin =>
        Single(kind) is { } entry ? SelectedPlugin<TPlugin>.From(entry) : null;

    public bool IsSelected(PluginEntry entry) => entry.Kind is { } kind && Chosen.TryGetValue(kind, out var list) && list.Contains(entry);

    /// <summary>
    /// For each kind: the named plugin (an error saying why when it is missing or unavailable), or with <c>auto</c> the
    /// available plugin with the highest priority. Signaling takes every named plugin, or with <c>auto</c> every
    /// available one. Input may end up with none (viewing still works): that is reported, not an error.
    /// </summary>
    public static PluginSelection Select(IReadOnlyList<PluginEntry> entries, WlWebRtcOptions options)
    {
        var chosen = new Dictionary<PluginKind, IReadOnlyList<PluginEntry>>();
        var problems = new Dictionary<PluginKind, string>();
        foreach (var kind in Enum.GetValues<PluginKind>())
        {
            var ofKind = entries.Where(e => e.Kind == kind).ToArray();
            var selection = options.SelectionFor(kind);
            var kindName = WlWebRtcOptions.SectionOf(kind);
            if (selection.IsNone)
            {
                chosen[kind] = [];
                continue;
            }

            if (selection.IsAuto)
            {
                var available = ofKind.Where(e => e.Status == PluginStatus.Available)
                    .OrderByDescending(e => e.Metadata!.Priority).ThenBy(e => e.Name, StringComparer.Ordinal).ToArray();
                chosen[kind] = kind == PluginKind.Signaling ? available : available.Take(1).ToArray();
                if (available.Length == 0)
                {
                    problems[kind] = ofKind.Length == 0
                        ? $"no {kindName} plugin is installed"
                        : $"no {kindName} plugin is available: " + string.Join("; ", ofKind.Select(e => $"{e.Name}: {e.Reason}"));
                }

                continue;
            }

            var picked = new List<PluginEntry>();
            var errors = new List<string>();
            foreach (var name in selection.Plugins)
            {
                var match = ofKind.FirstOrDefault(e => e.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
                if (match is null)
                {
                    var known = ofKind.Length == 0 ? "none installed" : "installed: " + string.Join(", ", ofKind.Select(e => e.Name));
                    errors.Add($"no {kindName} plugin named '{name}' ({known})");
                }
                else if (match.Status != PluginStatus.Available)
                {
                    errors.Add($"{kindName} plugin '{name}' is {match.Status.ToString().ToLowerInvariant()}: {match.Reason}");
                }
                else
                {
                    picked.Add(match);
                }
            }

            chosen[kind] = picked;
            if (errors.Count > 0)
            {
                problems[kind] = string.Join("; ", errors);
            }
        }

        return new PluginSelection(chosen, problems);
    }

    /// <summary>
    /// Problems that stop the server from starting. Input is optional (viewing works without it), and so is
    /// signaling when none is installed (the server streams to nobody, and says so).
    /// </summary>
    public IEnumerable<string> FatalProblems => Problems.Where(p => p.Key is not PluginKind.Input and not PluginKind.Signaling).Select(p => p.Value);
}
