using WlWebRtc.Host.Hardware;

namespace WlWebRtc.Host.Tests.Hardware;

/// <summary>An environment made of the given variables only.</summary>
internal sealed class FakeEnvironment(IReadOnlyDictionary<string, string> variables) : IEnvironmentVariables
{
    public FakeEnvironment()
        : this(new Dictionary<string, string>())
    {
    }

    public string? Get(string name) => variables.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
