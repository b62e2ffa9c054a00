using System.Diagnostics;
using System.Text.Json;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Plugins;

/// <summary>
/// Runs one plugin's probe in a child process (<c>wlwebrtc probe --kind KIND NAME</c>), so that a native crash or
/// hang in a hardware encoder's test encode cannot take the host down. The child inherits the environment and
/// gets the same config file; its stdout carries one <see cref="ProbeReport"/>.
/// </summary>
internal sealed class ChildProcessProbe(HostCommandLine host, string? configFile)
{
    public async Task<(PluginStatus Status, string Reason)> RunAsync(PluginMetadata metadata, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(host.FileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in host.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("probe");
        start.ArgumentList.Add("--kind");
        start.ArgumentList.Add(metadata.Kind.ToString().ToLowerInvariant());
        start.ArgumentList.Add(metadata.Name);
        if (configFile is not null)
        {
            start.ArgumentList.Add("--config");
            start.ArgumentList.Add(configFile);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (PluginStatus.Failed, $"could not start the probe process {host.FileName}: {ex.Message}");
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (PluginStatus.Failed, $"probe process did not finish within {timeout.TotalSeconds:0.#} s and was killed");
        }

        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        var report = ParseReport(output);
        if (report is not null)
        {
            return (report.Available ? PluginStatus.Available : PluginStatus.Unavailable, report.Reason);
        }

        var exit = process.ExitCode;
        var how = exit > 128 ? $"was killed by signal {exit - 128}" : $"exited with code {exit}";
        var lastError = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault();
        return (PluginStatus.Failed, $"probe process {how} without a result" + (lastError is null ? string.Empty : $": {lastError}"));
    }

    private static ProbeReport? ParseReport(string output)
    {
        // The report is the last line that parses; plugins or native libraries may print other lines first.
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Reverse())
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize(line, ProbeReportJsonContext.Default.ProbeReport) is { Reason.Length: > 0 } report)
                {
                    return report;
                }
            }
            catch (JsonException)
            {
            }
        }

        return null;
    }
}
