namespace WlWebRtc.Host.Configuration;

/// <summary>A config file could not be read or parsed; the message names the file and the place.</summary>
internal sealed class ConfigurationFileException(string path, string problem, Exception? inner = null)
    : Exception($"{path}: {problem}", inner)
{
    public string FilePath { get; } = path;
}
