using System.Globalization;
using Microsoft.Extensions.Configuration;
using Tomlyn;
using Tomlyn.Model;

namespace WlWebRtc.Host.Configuration;

/// <summary>
/// Reads a TOML file into configuration keys: tables become sections (<c>[capture.testpattern] width</c> →
/// <c>capture:testpattern:width</c>), arrays become indexed children (<c>plugins:paths:0</c>).
/// </summary>
internal sealed class TomlConfigurationSource(string path) : IConfigurationSource
{
    public string Path { get; } = path;

    public IConfigurationProvider Build(IConfigurationBuilder builder) => new TomlConfigurationProvider(Path);
}

internal sealed class TomlConfigurationProvider(string path) : ConfigurationProvider
{
    public override void Load() => Data = TomlFlattener.Flatten(TomlFlattener.ParseFile(path));
}

/// <summary>Parses TOML and flattens it into configuration keys.</summary>
internal static class TomlFlattener
{
    public static TomlTable ParseFile(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigurationFileException(path, $"cannot read the file: {ex.Message}", ex);
        }

        return Parse(text, path);
    }

    public static TomlTable Parse(string text, string sourceName)
    {
        try
        {
            return TomlSerializer.Deserialize<TomlTable>(text) ?? [];
        }
        catch (TomlException ex)
        {
            throw new ConfigurationFileException(sourceName, $"line {ex.Line}, column {ex.Column}: {FirstLine(ex.Message)}", ex);
        }
    }

    public static Dictionary<string, string?> Flatten(TomlTable table)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(data, null, table);
        return data;
    }

    private static void Add(Dictionary<string, string?> data, string? prefix, object? value)
    {
        switch (value)
        {
            case TomlTable table:
                foreach (var (key, child) in table)
                {
                    Add(data, Join(prefix, key), child);
                }

                break;
            case TomlTableArray tables:
                for (var i = 0; i < tables.Count; i++)
                {
                    Add(data, Join(prefix, i.ToString(CultureInfo.InvariantCulture)), tables[i]);
                }

                break;
            case TomlArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    Add(data, Join(prefix, i.ToString(CultureInfo.InvariantCulture)), array[i]);
                }

                break;
            case bool b:
                data[prefix!] = b ? "true" : "false";
                break;
            case IFormattable formattable:
                data[prefix!] = formattable.ToString(null, CultureInfo.InvariantCulture);
                break;
            default:
                data[prefix!] = value?.ToString();
                break;
        }
    }

    private static string Join(string? prefix, string key) => prefix is null ? key : prefix + ConfigurationPath.KeyDelimiter + key;

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
