using WlWebRtc.Capture;
using WlWebRtc.Plugins;
using WlWebRtc.TestPlugins.Behaviours;

[assembly: WlWebRtcPlugin(typeof(GoodPlugin))]
[assembly: WlWebRtcPlugin(typeof(ThrowingProbePlugin))]
[assembly: WlWebRtcPlugin(typeof(HangingProbePlugin))]
[assembly: WlWebRtcPlugin(typeof(ThrowingConstructorPlugin))]
[assembly: WlWebRtcPlugin(typeof(CrashingChildProbePlugin))]

namespace WlWebRtc.TestPlugins.Behaviours;

/// <summary>Base for test capture plugins: they never create sources.</summary>
public abstract class TestCapturePlugin : ICapturePlugin
{
    public abstract PluginMetadata Metadata { get; }

    public abstract ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken);

    public ValueTask<ICaptureSource> CreateSourceAsync(CaptureRequest request, PluginContext context, CancellationToken cancellationToken) =>
        throw new NotSupportedException("test plugin");

    protected static PluginMetadata Named(string name, int priority = 1) => new(name, PluginKind.Capture, new Version(1, 0), priority, "test plugin");
}

public sealed class GoodPlugin : TestCapturePlugin
{
    public override PluginMetadata Metadata { get; } = Named("good", 5);

    public override ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeResult.Available("all good"));
}

public sealed class ThrowingProbePlugin : TestCapturePlugin
{
    public override PluginMetadata Metadata { get; } = Named("throwing-probe");

    public override ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("the probe exploded");
}

public sealed class HangingProbePlugin : TestCapturePlugin
{
    public override PluginMetadata Metadata { get; } = Named("hanging-probe") with { ProbeTimeout = TimeSpan.FromSeconds(1) };

    // Ignores cancellation on purpose: the host must give up on its own.
    public override async ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Timeout.Infinite, CancellationToken.None);
        return ProbeResult.Available("unreachable");
    }
}

public sealed class ThrowingConstructorPlugin : TestCapturePlugin
{
    public ThrowingConstructorPlugin() => throw new InvalidOperationException("the constructor exploded");

    public override PluginMetadata Metadata => Named("throwing-ctor");

    public override ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken) =>
        ValueTask.FromResult(ProbeResult.Available("unreachable"));
}

/// <summary>Its probe kills the process it runs in, as a crashing native encoder would; it must run isolated.</summary>
public sealed class CrashingChildProbePlugin : TestCapturePlugin
{
    public override PluginMetadata Metadata { get; } = Named("crashing-probe") with { ProbeIsolation = ProbeIsolation.ChildProcess, ProbeTimeout = TimeSpan.FromSeconds(10) };

    public override ValueTask<ProbeResult> ProbeAsync(PluginContext context, CancellationToken cancellationToken)
    {
        Environment.FailFast("simulated native crash in a probe");
        return ValueTask.FromResult(ProbeResult.Available("unreachable"));
    }
}
