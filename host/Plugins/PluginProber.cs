using Microsoft.Extensions.Logging;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Plugins;

/// <summary>
/// Probes loaded plugins concurrently. A probe that throws, or does not finish within its limit, marks the plugin
/// failed with the reason; the host goes on. Probes marked <see cref="ProbeIsolation.ChildProcess"/> run in a child process.
/// </summary>
internal sealed partial class PluginProber(Func<PluginEntry, PluginContext> contextFor, ChildProcessProbe? childProbe, TimeSpan maxProbeTime, ILogger<PluginProber> logger)
{
    /// <summary>
    /// What a probe child process gets beyond the probe's own time limit to start the runtime and load the plugin: a
    /// second runtime start takes a second on an idle machine but over ten on a loaded one (seen at load 40 on 2 cores,
    /// which failed x264's probe and so the server's start); the probe inside the child keeps its own limit.
    /// </summary>
    private static readonly TimeSpan ChildProcessStartAllowance = TimeSpan.FromSeconds(20);

    public async Task<IReadOnlyList<PluginEntry>> ProbeAllAsync(IReadOnlyList<PluginEntry> entries, CancellationToken cancellationToken)
    {
        var probes = entries.Select(e => e.Status == PluginStatus.Loaded ? ProbeAsync(e, cancellationToken) : Task.FromResult(e));
        return await Task.WhenAll(probes).ConfigureAwait(false);
    }

    public async Task<PluginEntry> ProbeAsync(PluginEntry entry, CancellationToken cancellationToken)
    {
        var plugin = entry.Plugin!;
        var metadata = plugin.Metadata;
        var context = contextFor(entry);
        var missing = RequirementCheck.FindMissing(metadata.Requires, context.Hardware);
        if (missing is not null)
        {
            return Done(entry, PluginStatus.Unavailable, missing);
        }

        var timeout = metadata.ProbeTimeout > TimeSpan.Zero && metadata.ProbeTimeout < maxProbeTime ? metadata.ProbeTimeout : maxProbeTime;
        if (metadata.ProbeIsolation == ProbeIsolation.ChildProcess && childProbe is not null)
        {
            var (status, reason) = await childProbe.RunAsync(metadata, timeout + ChildProcessStartAllowance, cancellationToken).ConfigureAwait(false);
            return Done(entry, status, reason);
        }

        var (inStatus, inReason) = await ProbeInProcessAsync(plugin, context, timeout, cancellationToken).ConfigureAwait(false);
        return Done(entry, inStatus, inReason);
    }

    /// <summary>Runs a probe here, on the thread pool, bounded by <paramref name="timeout"/> even if the plugin ignores cancellation.</summary>
    public static async Task<(PluginStatus Status, string Reason)> ProbeInProcessAsync(IPlugin plugin, PluginContext context, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        var probe = Task.Run(async () => await plugin.ProbeAsync(context, limit.Token).ConfigureAwait(false), CancellationToken.None);
        try
        {
            var result = await probe.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return result is null
                ? (PluginStatus.Failed, "probe returned no result")
                : (result.IsAvailable ? PluginStatus.Available : PluginStatus.Unavailable, result.Reason);
        }
        catch (TimeoutException)
        {
            return (PluginStatus.Failed, $"probe did not finish within {timeout.TotalSeconds:0.#} s");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (PluginStatus.Failed, $"probe did not finish within {timeout.TotalSeconds:0.#} s");
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): A throwing probe is reported, never propagated into the host.
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return (PluginStatus.Failed, $"probe threw {PluginLoader.Describe(ex)}");
        }
    }

    private PluginEntry Done(PluginEntry entry, PluginStatus status, string reason)
    {
        Log.Probed(logger, entry.Kind!.Value, entry.Name, status, reason);
        return entry.WithProbe(status, reason);
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PluginProbed, LogLevel.Debug, "Probed {Kind} plugin {Name}: {Status} ({Reason})")]
        public static partial void Probed(ILogger logger, PluginKind kind, string name, PluginStatus status, string reason);
    }
}
