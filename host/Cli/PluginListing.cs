using System.Text.Json.Serialization;
using WlWebRtc.Host.Hardware;
using WlWebRtc.Host.Runtime;

namespace WlWebRtc.Host.Cli;

/// <summary>The data behind <c>wlwebrtc plugins</c>, as printed in JSON.</summary>
internal sealed record PluginListing(
    [property: JsonPropertyName("plugins")] IReadOnlyList<PluginRow> Plugins,
    [property: JsonPropertyName("selection_problems")] IReadOnlyDictionary<string, string> SelectionProblems,
    [property: JsonPropertyName("hardware")] IReadOnlyList<HardwareRow> Hardware,
    [property: JsonPropertyName("plugin_folders")] IReadOnlyList<string> PluginFolders)
{
    public static PluginListing From(PluginCatalog catalog) => new(
        catalog.Entries
            .OrderBy(e => e.Kind.HasValue ? (int)e.Kind.Value : int.MaxValue)
            .ThenByDescending(e => e.Metadata?.Priority ?? int.MinValue)
            .Select(e => new PluginRow(
                e.Kind?.ToString().ToLowerInvariant() ?? "?",
                e.Name,
                e.Metadata?.Version.ToString() ?? string.Empty,
                e.Metadata?.Priority,
                e.Folder,
                e.Status.ToString().ToLowerInvariant(),
                e.Reason,
                catalog.Selection.IsSelected(e)))
            .ToArray(),
        catalog.Selection.Problems.ToDictionary(p => p.Key.ToString().ToLowerInvariant(), p => p.Value),
        catalog.Hardware.ToRows().Select(r => new HardwareRow(r.Component, r.Status, r.Detail)).ToArray(),
        catalog.SearchedFolders);
}

internal sealed record PluginRow(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("priority")] int? Priority,
    [property: JsonPropertyName("folder")] string Folder,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("selected")] bool Selected);

internal sealed record HardwareRow(
    [property: JsonPropertyName("component")] string Component,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("detail")] string Detail);

[JsonSerializable(typeof(PluginListing))]
[JsonSourceGenerationOptions(WriteIndented = true)]
internal sealed partial class PluginListingJsonContext : JsonSerializerContext;
