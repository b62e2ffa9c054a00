using Newtonsoft.Json;
using WlWebRtc.Capture;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(WlWebRtc.TestPlugins.Json13.JsonPlugin))]

namespace WlWebRtc.TestPlugins.Json13;

/// <summary>Reports which Newtonsoft.Json it runs with, after using it.</summary>
public sealed class JsonPlugin : ICapturePlugin
{
    public PluginMetadata Metadata { get; } = new("json13", PluginKind.Capture, new Version(1, 0), 1, "carries Newtonsoft.Json 13");

    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        var text = JsonConvert.SerializeObject(new { answer = 13 });
        var version = typeof(JsonConvert).Assembly.GetName().Version;
        return ValueTask.FromResult(ProbeResult.Available($"Newtonsoft.Json {version} wrote {text}"));
    }

    public ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("test plugin");
}
