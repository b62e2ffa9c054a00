namespace WlWebRtc.Plugins;

/// <summary>
/// Optional: a plugin that contributes benchmarks run by <c>wlwebrtc bench NAME [args]</c>
/// (e.g. every encoder plugin offers <c>encode</c>, the WebRTC transport offers <c>transport</c>).
/// The host selects the plugin (by <c>--encoder</c>/<c>--transport</c> or auto) and passes the remaining arguments.
/// </summary>
public interface IBenchmarkablePlugin
{
    /// <summary>The benchmark names this plugin runs.</summary>
    IReadOnlyList<string> BenchmarkNames { get; }

    /// <summary>
    /// Runs a benchmark and writes its report to <paramref name="output"/> (JSON when <paramref name="arguments"/>
    /// contains <c>--json</c>). Returns the process exit code: 0 on success, 2 for bad arguments, 1 for failure.
    /// </summary>
    Task<int> RunBenchmarkAsync(string name, IReadOnlyList<string> arguments, TextWriter output, PluginContext context, CancellationToken cancellationToken);
}
