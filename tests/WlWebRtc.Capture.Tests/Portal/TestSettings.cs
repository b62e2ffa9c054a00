using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace WlWebRtc.Capture.Tests.Portal;

/// <summary>A flat in-memory settings table (the configuration implementation package is not referenced by tests).</summary>
internal sealed class TestSettings(IReadOnlyDictionary<string, string?> values) : IConfiguration
{
    public static TestSettings Empty { get; } = new(new Dictionary<string, string?>());

    public string? this[string key]
    {
        get => values.TryGetValue(key, out var value) ? value : null;
        set => throw new NotSupportedException();
    }

    public IEnumerable<IConfigurationSection> GetChildren() => values.Select(pair => (IConfigurationSection)new Leaf(pair.Key, pair.Value));

    public IChangeToken GetReloadToken() => Unchanging.Instance;

    public IConfigurationSection GetSection(string key) => new Leaf(key, this[key]);

    private sealed class Leaf(string key, string? value) : IConfigurationSection
    {
        public string Key => key;

        public string Path => key;

        public string? Value
        {
            get => value;
            set => throw new NotSupportedException();
        }

        public string? this[string childKey]
        {
            get => null;
            set => throw new NotSupportedException();
        }

        public IEnumerable<IConfigurationSection> GetChildren() => [];

        public IChangeToken GetReloadToken() => Unchanging.Instance;

        public IConfigurationSection GetSection(string childKey) => new Leaf(childKey, null);
    }

    private sealed class Unchanging : IChangeToken, IDisposable
    {
        public static Unchanging Instance { get; } = new();

        public bool HasChanged => false;

        public bool ActiveChangeCallbacks => false;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => this;

        public void Dispose()
        {
        }
    }
}
