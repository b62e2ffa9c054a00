using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace WlWebRtc.Configuration;

/// <summary>
/// Reads typed values from a config table and collects every problem instead of stopping at the first,
/// so that options records can be validated with all errors at once. Missing or empty keys take the default.
/// </summary>
public sealed class SettingsReader
{
    private readonly IConfiguration _settings;
    private readonly string _prefix;
    private readonly List<ConfigurationError> _errors = [];

    /// <summary>Reads from <paramref name="settings"/>; error keys are prefixed with <paramref name="keyPrefix"/> (e.g. "encoder").</summary>
    public SettingsReader(IConfiguration settings, string? keyPrefix = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _prefix = string.IsNullOrEmpty(keyPrefix) ? string.Empty : keyPrefix + ".";
    }

    /// <summary>Every problem found so far.</summary>
    public IReadOnlyList<ConfigurationError> Errors => _errors;

    /// <summary>Whether no problem was found.</summary>
    public bool IsValid => _errors.Count == 0;

    /// <summary>Records a problem found by the caller's own cross-field checks.</summary>
    public void AddError(string key, string message) => _errors.Add(new(_prefix + key, message));

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public long ReadInt64(string key, long defaultValue, long min, long max)
    {
        var text = _settings[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (!long.TryParse(text.Replace("_", string.Empty, StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            AddError(key, $"must be a whole number, got '{text}'");
            return defaultValue;
        }

        if (value < min || value > max)
        {
            AddError(key, $"must be between {min} and {max}, got {value}");
            return defaultValue;
        }

        return value;
    }

    /// <summary>A whole number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public int ReadInt32(string key, int defaultValue, int min, int max) => (int)ReadInt64(key, defaultValue, min, max);

    /// <summary>A number within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    public double ReadDouble(string key, double defaultValue, double min, double max)
    {
        var text = _settings[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value))
        {
            AddError(key, $"must be a number, got '{text}'");
            return defaultValue;
        }

        if (value < min || value > max)
        {
            AddError(key, $"must be between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}, got {text}");
            return defaultValue;
        }

        return value;
    }

    /// <summary>true or false.</summary>
    public bool ReadBoolean(string key, bool defaultValue)
    {
        var text = _settings[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return defaultValue;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        AddError(key, $"must be true or false, got '{text}'");
        return defaultValue;
    }

    /// <summary>A string; when <paramref name="allowed"/> is given, one of those (case-insensitive, returned in the listed spelling).</summary>
    public string ReadString(string key, string defaultValue, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(allowed);
        var text = _settings[key];
        if (string.IsNullOrEmpty(text))
        {
            return defaultValue;
        }

        if (allowed.Length == 0)
        {
            return text;
        }

        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, text, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        AddError(key, $"must be one of {string.Join(", ", allowed)}, got '{text}'");
        return defaultValue;
    }

    /// <summary>A list: a TOML array (<c>key = ["a", "b"]</c>) or one comma-separated string.</summary>
    public IReadOnlyList<string> ReadList(string key, IReadOnlyList<string> defaultValue)
    {
        ArgumentNullException.ThrowIfNull(defaultValue);
        var section = _settings.GetSection(key);
        var children = section.GetChildren().Select(c => c.Value).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v!.Trim()).ToArray();
        if (children.Length > 0)
        {
            return children;
        }

        if (string.IsNullOrWhiteSpace(section.Value))
        {
            return defaultValue;
        }

        return section.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    /// <summary>Reports every key of the table that is not in <paramref name="known"/> (catches typos); sub-tables named in <paramref name="allowedTables"/> are skipped.</summary>
    public void RejectUnknownKeys(IReadOnlyCollection<string> known, Func<string, bool>? allowedTables = null)
    {
        ArgumentNullException.ThrowIfNull(known);
        foreach (var child in _settings.GetChildren())
        {
            var isTable = child.Value is null && child.GetChildren().Any();
            if (known.Contains(child.Key, StringComparer.OrdinalIgnoreCase) || (isTable && allowedTables?.Invoke(child.Key) == true))
            {
                continue;
            }

            AddError(child.Key, isTable ? "unknown table" : "unknown key");
        }
    }
}
