using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;

namespace WlWebRtc.Signaling.Whep.Plugin;

/// <summary>The <c>[signaling.whep]</c> table.</summary>
/// <param name="Path">The WHEP endpoint; session resources are beneath it (<c>/whep/{id}</c>).</param>
/// <param name="MaxBodyBytes">Largest offer or trickle fragment accepted.</param>
/// <param name="MaxSessions">Most WHEP sessions at once (the server's own viewer limit applies too).</param>
/// <param name="RatePerSecond">Requests per second per client address (sustained).</param>
/// <param name="Burst">Requests a client may send at once.</param>
/// <param name="AllowedOrigins">Origins allowed by CORS; <c>*</c> allows any (the bearer token is what protects the endpoint).</param>
internal sealed record WhepOptions(string Path, int MaxBodyBytes, int MaxSessions, double RatePerSecond, int Burst, IReadOnlyList<string> AllowedOrigins)
{
    public static readonly WhepOptions Default = new("/whep", 64 * 1024, 16, 10, 30, ["*"]);

    private static readonly string[] Keys = ["path", "max_body_bytes", "max_sessions", "rate_per_second", "burst", "allowed_origins"];

    /// <summary>Reads the table, collecting every error; options are null when there is any.</summary>
    public static (WhepOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration settings)
    {
        var reader = new SettingsReader(settings);
        reader.RejectUnknownKeys(Keys);
        var path = reader.ReadString("path", Default.Path).TrimEnd('/');
        if (!path.StartsWith('/') || path.Length < 2 || path.Any(c => char.IsWhiteSpace(c) || c is '?' or '#' or '{' or '}'))
        {
            reader.AddError("path", $"must be an absolute URL path other than '/' (e.g. /whep), got '{path}'");
        }

        var maxBody = reader.ReadInt32("max_body_bytes", Default.MaxBodyBytes, 4096, 1024 * 1024);
        var maxSessions = reader.ReadInt32("max_sessions", Default.MaxSessions, 1, 10_000);
        var rate = reader.ReadDouble("rate_per_second", Default.RatePerSecond, 0.1, 10_000);
        var burst = reader.ReadInt32("burst", Default.Burst, 1, 100_000);
        var origins = reader.ReadList("allowed_origins", Default.AllowedOrigins);
        foreach (var origin in origins.Where(o => o != "*" && !(Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && !o.EndsWith('/'))))
        {
            reader.AddError("allowed_origins", $"must be \"*\" or origins like \"https://example.org\" (scheme, host, optional port; no path), got '{origin}'");
        }

        return (reader.IsValid ? new WhepOptions(path, maxBody, maxSessions, rate, burst, origins) : null, reader.Errors);
    }
}
