using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Host.Configuration;

namespace WlWebRtc.Host.Cli;

/// <summary>The effective configuration, its source file, and the host's validated options or every error.</summary>
internal sealed record ConfigurationResult(string? File, IConfigurationRoot Configuration, WlWebRtcOptions? Options, IReadOnlyList<ConfigurationError> Errors)
{
    /// <summary>Prints every error to stderr, one per line with its key; returns true when there were any.</summary>
    public bool ReportErrors(TextWriter error, IReadOnlyList<ConfigurationError>? more = null)
    {
        var all = Errors.Concat(more ?? []).ToArray();
        if (all.Length == 0)
        {
            return false;
        }

        error.WriteLine($"{File ?? "(no config file)"}: {all.Length} error(s):");
        foreach (var e in all)
        {
            error.WriteLine($"  {e.Key}: {e.Message}");
        }

        return true;
    }
}
