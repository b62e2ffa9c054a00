using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Encoders;
using WlWebRtc.FFmpeg.Benchmark;
using WlWebRtc.FFmpeg.Probing;
using WlWebRtc.Plugins;

namespace WlWebRtc.FFmpeg.Plugins;

/// <summary>
/// What the libavcodec encoder plugins (x264, VA-API, NVENC) share: settings validation, a probe that is a real
/// test encode once the settings and the hardware allow it, encoder creation, and the <c>encode</c> benchmark.
/// A plugin says how to read its table, what its hardware needs (<see cref="Prepare"/>), and how to create an encoder.
/// </summary>
/// <typeparam name="TOptions">The plugin's options record.</typeparam>
public abstract class LibavEncoderPlugin<TOptions> : IEncoderPlugin, IBenchmarkablePlugin
    where TOptions : class
{
    /// <inheritdoc />
    public abstract PluginMetadata Metadata { get; }

    /// <inheritdoc />
    public abstract EncoderInputCapabilities InputCapabilities { get; }

    /// <inheritdoc />
    public IReadOnlyList<string> BenchmarkNames { get; } = [EncodeBenchmark.Name];

    /// <summary>Reads the plugin's table, returning every error.</summary>
    protected abstract TOptions ReadOptions(IConfiguration settings, out IReadOnlyList<ConfigurationError> errors);

    /// <summary>
    /// Checks what the options need from this machine and returns the options to use (e.g. with the chosen device),
    /// or null with the reason it cannot run. By default: nothing to check.
    /// </summary>
    protected virtual TOptions? Prepare(TOptions options, PluginContext context, out string reason)
    {
        reason = string.Empty;
        return options;
    }

    /// <summary>Creates an encoder with resolved options.</summary>
    protected abstract IVideoEncoder Create(EncoderSettings settings, TOptions options, PluginContext context);

    /// <inheritdoc />
    public IReadOnlyList<ConfigurationError> ValidateSettings(IConfiguration settings)
    {
        ReadOptions(settings, out var errors);
        return errors;
    }

    /// <inheritdoc />
    public ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryResolve(context, out var options, out var reason)
            ? EncoderProbe.TestEncodeAsync(Metadata.Name, settings => Create(settings, options, context), cancellationToken)
            : ValueTask.FromResult(ProbeResult.Unavailable(reason));
    }

    /// <inheritdoc />
    public IVideoEncoder CreateEncoder(EncoderSettings settings, PluginContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return TryResolve(context, out var options, out var reason) ? Create(settings, options, context) : throw new VideoEncoderException(reason);
    }

    /// <inheritdoc />
    public Task<int> RunBenchmarkAsync(string name, IReadOnlyList<string> arguments, TextWriter output, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(context);
        if (!TryResolve(context, out var options, out var reason))
        {
            output.WriteLine(reason);
            return Task.FromResult(1);
        }

        return EncodeBenchmark.RunAsync(name, Metadata.Name, arguments, output, settings => Create(settings, options, context), cancellationToken);
    }

    private bool TryResolve(PluginContext context, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out TOptions? options, out string reason)
    {
        var read = ReadOptions(context.Settings, out var errors);
        if (errors.Count > 0)
        {
            options = null;
            reason = $"invalid [encoder.{Metadata.Name}] settings: " + string.Join("; ", errors);
            return false;
        }

        options = Prepare(read, context, out reason);
        return options is not null;
    }
}
