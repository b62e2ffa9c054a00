using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Hardware;
using WlWebRtc.Plugins;

namespace WlWebRtc.Encoder.Tests.Support;

internal static class TestContexts
{
    public static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    public static PluginContext Create(HardwareInventory? hardware = null, params (string Key, string Value)[] values) =>
        new(Settings(values), Settings(), hardware ?? HardwareInventory.Empty, NullLoggerFactory.Instance);
}
