using System.Text.Json.Serialization;

namespace WlWebRtc.Host.Plugins;

/// <summary>What <c>wlwebrtc probe</c> prints for its parent: one JSON object on stdout.</summary>
internal sealed record ProbeReport(
    [property: JsonPropertyName("available")] bool Available,
    [property: JsonPropertyName("reason")] string Reason);

[JsonSerializable(typeof(ProbeReport))]
internal sealed partial class ProbeReportJsonContext : JsonSerializerContext;
