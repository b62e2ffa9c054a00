using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;

namespace WlWebRtc.Input.Tests.Support;

/// <summary>A flat, in-memory config table (the Microsoft.Extensions.Configuration implementation is not referenced here).</summary>
internal sealed class TestConfiguration(IReadOnlyDictionary<string, string?> values) : IConfiguration
{
    public static TestConfiguration Empty { get; } = new(new Dictionary<string, string?>());

    public string? this[string key]
    {
        get => values.TryGetValue(key, out var value) ? value : null;
        set => throw new NotSupportedException();
    }

    public IEnumerable<IConfigurationSection> GetChildren() => values.Keys.Select(key => (IConfigurationSection)new Section(key, values[key]));

    public IChangeToken GetReloadToken() => NullChangeToken.Instance;

    public IConfigurationSection GetSection(string key) => new Section(key, this[key]);

    private sealed class Section(string key, string? value) : IConfigurationSection
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

        public IChangeToken GetReloadToken() => NullChangeToken.Instance;

        public IConfigurationSection GetSection(string childKey) => new Section(childKey, null);
    }

    private sealed class NullChangeToken : IChangeToken
    {
        public static NullChangeToken Instance { get; } = new();

        public bool HasChanged => false;

        public bool ActiveChangeCallbacks => false;

        public IDisposable RegisterChangeCallback(Action<object?> callback, object? state) => new Registration();

        private sealed class Registration : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}
