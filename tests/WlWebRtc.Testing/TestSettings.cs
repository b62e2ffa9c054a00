using Microsoft.Extensions.Configuration;

namespace WlWebRtc.Testing;

/// <summary>Config tables for plugin tests, built the way the host builds them (flat keys, in memory).</summary>
public static class TestSettings
{
    public static IConfiguration Empty => Create(new Dictionary<string, string?>());

    public static IConfiguration Create(IReadOnlyDictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
