using WlWebRtc.Plugins;

namespace WlWebRtc.Input;

/// <summary>A plugin that injects pointer and keyboard events into the captured session.</summary>
public interface IInputPlugin : IPlugin
{
    /// <summary>Creates an injector aimed at the captured output.</summary>
    ValueTask<IInputInjector> CreateInjectorAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken);
}
