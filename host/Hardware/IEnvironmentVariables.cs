namespace WlWebRtc.Host.Hardware;

/// <summary>Reads environment variables; tests substitute their own.</summary>
internal interface IEnvironmentVariables
{
    /// <summary>The value, or null when unset or empty.</summary>
    string? Get(string name);
}
