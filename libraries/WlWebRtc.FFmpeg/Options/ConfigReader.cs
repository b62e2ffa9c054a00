using System.Globalization;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.FFmpeg;

/// <summary>Reads typed values from an encoder plugin's config table, collecting every error instead of stopping at the first.</summary>
public sealed class ConfigReader(IConfiguration settings, IReadOnlySet<string> knownKeys)
{
    private readonly List<ConfigurationError> _errors = [];

    /// <summary>Every problem found so far, keyed relative to the table.</summary>
    public IReadOnlyList<ConfigurationError> Errors => _errors;

    /// <summary>Flags keys that are not known (typos would otherwise be ignored silently).</summary>
    public void RejectUnknownKeys()
    {
        foreach (var child in settings.GetChildren())
        {
            if (!knownKeys.Contains(child.Key))
            {
                _errors.Add(new ConfigurationError(child.Key, $"unknown setting; known: {string.Join(", ", knownKeys.Order(StringComparer.Ordinal))}"));
            }
        }
    }

    /// <summary>One of <paramref name="allowed"/>, else <paramref name="fallback"/> and an error.</summary>
    public string Choice(string key, string fallback, IReadOnlyCollection<string> allowed)
    {
        var value = settings[key];
        if (value is null)
        {
            return fallback;
        }

        if (allowed.Contains(value, StringComparer.Ordinal))
        {
            return value;
        }

        _errors.Add(new ConfigurationError(key, $"'{value}' is not one of {string.Join(", ", allowed)}"));
        return fallback;
    }

    /// <summary>Text that <paramref name="check"/> accepts (it returns the problem, or null), else <paramref name="fallback"/> and an error.</summary>
    public string Text(string key, string fallback, Func<string, string?> check)
    {
        var value = settings[key];
        if (value is null)
        {
            return fallback;
        }

        if (check(value) is { } problem)
        {
            _errors.Add(new ConfigurationError(key, problem));
            return fallback;
        }

        return value;
    }

    /// <summary>An integer within the bounds, else <paramref name="fallback"/> and an error.</summary>
    public int Number(string key, int fallback, int minimum, int maximum)
    {
        var value = settings[key];
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= minimum && number <= maximum)
        {
            return number;
        }

        _errors.Add(new ConfigurationError(key, $"'{value}' is not an integer in {minimum}..{maximum}"));
        return fallback;
    }

    /// <summary>
    /// A VBV buffer size in milliseconds of the bitrate: 0 (one frame interval, the default of every encoder, so that
    /// no frame, not even a keyframe, is much larger than the link carries in a frame time) or 10..10000; else
    /// <paramref name="fallback"/> and an error.
    /// </summary>
    public int VbvMilliseconds(string key, int fallback = 0)
    {
        var value = settings[key];
        if (value is null)
        {
            return fallback;
        }

        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is 0 or (>= 10 and <= 10_000))
        {
            return number;
        }

        _errors.Add(new ConfigurationError(key, $"'{value}' is not 0 (one frame) or 10-10000 ms"));
        return fallback;
    }

    /// <summary>true or false, else <paramref name="fallback"/> and an error.</summary>
    public bool Boolean(string key, bool fallback)
    {
        var value = settings[key];
        if (value is null)
        {
            return fallback;
        }

        if (bool.TryParse(value, out var flag))
        {
            return flag;
        }

        _errors.Add(new ConfigurationError(key, $"'{value}' is not true or false"));
        return fallback;
    }
}
