namespace WlWebRtc.Plugins;

/// <summary>
/// Names a plugin type in a plugin assembly: <c>[assembly: WlWebRtcPlugin(typeof(X264EncoderPlugin))]</c>.
/// The host looks for this attribute instead of scanning every type, so loading stays fast and explicit.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class WlWebRtcPluginAttribute : Attribute
{
    /// <summary>Names <paramref name="pluginType"/>, which implements <see cref="IPlugin"/>.</summary>
    public WlWebRtcPluginAttribute(Type pluginType) => PluginType = pluginType;

    /// <summary>The plugin type.</summary>
    public Type PluginType { get; }
}
