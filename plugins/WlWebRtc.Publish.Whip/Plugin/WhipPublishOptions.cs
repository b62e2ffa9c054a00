using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Transport;

namespace WlWebRtc.Publish.Whip.Plugin;

/// <summary>The <c>[signaling.whip_publish]</c> table.</summary>
/// <param name="Enabled">Whether the server publishes at all.</param>
/// <param name="Url">The WHIP endpoint (http or https).</param>
/// <param name="BearerToken">Sent as <c>Authorization: Bearer</c> to the endpoint's origin, or null.</param>
/// <param name="RetryMin">The first wait before trying again after a failure or a lost session.</param>
/// <param name="RetryMax">The longest wait (the wait doubles up to it).</param>
/// <param name="RequestTimeout">How long one HTTP request may take.</param>
internal sealed record WhipPublishOptions(bool Enabled, Uri? Url, string? BearerToken, TimeSpan RetryMin, TimeSpan RetryMax, TimeSpan RequestTimeout)
{
    /// <summary>Which of its own candidates the published session uses: all, or relayed ones only (<c>ice_transport_policy</c>).</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; } = IceTransportPolicy.All;

    public static readonly WhipPublishOptions Default = new(false, null, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    private static readonly string[] Keys = ["enabled", "url", "bearer_token", "retry_min_ms", "retry_max_seconds", "request_timeout_seconds", "ice_transport_policy"];

    /// <summary>Where the status shows it publishes: the URL without credentials, query or fragment.</summary>
    public string Target => Url is null ? "-" : Url.GetLeftPart(UriPartial.Path);

    /// <summary>Reads the table, collecting every error; options are null when there is any.</summary>
    public static (WhipPublishOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var reader = new SettingsReader(settings);
        reader.RejectUnknownKeys(Keys);
        var enabled = reader.ReadBoolean("enabled", Default.Enabled);
        var urlText = reader.ReadString("url", string.Empty);
        Uri? url = null;
        if (urlText.Length > 0)
        {
            if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || url.Scheme is not ("http" or "https") || url.Host.Length == 0)
            {
                reader.AddError("url", $"must be an absolute http:// or https:// URL of a WHIP endpoint, got '{urlText}'");
                url = null;
            }
            else if (url.UserInfo.Length > 0)
            {
                reader.AddError("url", "must not carry credentials; put the token in bearer_token");
                url = null;
            }
        }
        else if (enabled)
        {
            reader.AddError("url", "is required when enabled = true");
        }

        var token = reader.ReadString("bearer_token", string.Empty);
        if (token.Any(c => char.IsControl(c) || char.IsWhiteSpace(c) || c > '\u007e'))
        {
            reader.AddError("bearer_token", "must be printable ASCII without spaces");
        }

        var retryMin = TimeSpan.FromMilliseconds(reader.ReadInt32("retry_min_ms", (int)Default.RetryMin.TotalMilliseconds, 100, 60_000));
        var retryMax = TimeSpan.FromSeconds(reader.ReadInt32("retry_max_seconds", (int)Default.RetryMax.TotalSeconds, 1, 3600));
        if (retryMax < retryMin)
        {
            reader.AddError("retry_max_seconds", "must not be shorter than retry_min_ms");
        }

        var timeout = TimeSpan.FromSeconds(reader.ReadInt32("request_timeout_seconds", (int)Default.RequestTimeout.TotalSeconds, 1, 120));
        var policy = reader.ReadString("ice_transport_policy", "all", "all", "relay") == "relay" ? IceTransportPolicy.Relay : IceTransportPolicy.All;
        return (reader.IsValid ? new WhipPublishOptions(enabled, url, token.Length == 0 ? null : token, retryMin, retryMax, timeout) { IceTransportPolicy = policy } : null, reader.Errors);
    }
}
