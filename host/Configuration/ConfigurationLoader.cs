using Microsoft.Extensions.Configuration;

namespace WlWebRtc.Host.Configuration;

/// <summary>
/// Builds the effective configuration: the TOML file, then environment variables
/// (<c>WLWEBRTC_SECTION__KEY</c>, <c>__</c> between levels), then command-line flags — each overriding the one before.
/// </summary>
internal static class ConfigurationLoader
{
    public const string EnvironmentPrefix = "WLWEBRTC_";
    public const string FileName = "config.toml";

    /// <summary>Where the config comes from when no file is given: the user's, else the one shipped beside the executable.</summary>
    public static string? FindDefaultFile(Func<string, string?> environment)
    {
        var configHome = environment("XDG_CONFIG_HOME");
        if (string.IsNullOrEmpty(configHome) && environment("HOME") is { Length: > 0 } home)
        {
            configHome = Path.Combine(home, ".config");
        }

        if (!string.IsNullOrEmpty(configHome))
        {
            var user = Path.Combine(configHome, "wlwebrtc", FileName);
            if (File.Exists(user))
            {
                return user;
            }
        }

        var shipped = Path.Combine(AppContext.BaseDirectory, FileName);
        return File.Exists(shipped) ? shipped : null;
    }

    public static IConfigurationRoot Load(string? file, IReadOnlyDictionary<string, string?> overrides, bool useEnvironment = true)
    {
        var builder = new ConfigurationBuilder();
        if (file is not null)
        {
            if (!File.Exists(file))
            {
                throw new ConfigurationFileException(file, "no such file");
            }

            builder.Add(new TomlConfigurationSource(Path.GetFullPath(file)));
        }

        if (useEnvironment)
        {
            builder.AddEnvironmentVariables(EnvironmentPrefix);
        }

        builder.AddInMemoryCollection(overrides);
        try
        {
            return builder.Build();
        }
        catch (InvalidDataException ex)
        {
            throw new ConfigurationFileException(file ?? "(none)", ex.Message, ex);
        }
    }
}
