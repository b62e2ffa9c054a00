namespace WlWebRtc.Host.Hardware;

/// <summary>The environment of this process. An empty value counts as unset, as it does for libwayland and libdbus.</summary>
internal sealed class ProcessEnvironmentVariables : IEnvironmentVariables
{
    public static ProcessEnvironmentVariables Instance { get; } = new();

    private ProcessEnvironmentVariables()
    {
    }

    public string? Get(string name)
    {
        var value = System.Environment.GetEnvironmentVariable(name);
        return string.IsNullOrEmpty(value) ? null : value;
    }
}
