namespace WlWebRtc.Configuration;

/// <summary>One problem in the config, tied to the key it concerns.</summary>
/// <param name="Key">Dotted key, e.g. <c>encoder.bitrate</c>.</param>
/// <param name="Message">What is wrong and what is allowed.</param>
public sealed record ConfigurationError(string Key, string Message)
{
    /// <inheritdoc />
    public override string ToString() => $"{Key}: {Message}";
}
