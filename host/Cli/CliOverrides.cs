using System.CommandLine;

namespace WlWebRtc.Host.Cli;

/// <summary>Command-line flags that override config keys (they win over the file and the environment).</summary>
internal static class CliOverrides
{
    public static readonly Option<string?> Capture = new("--capture") { Description = "Capture plugin (overrides capture.plugin), e.g. testpattern" };
    public static readonly Option<string?> Encoder = new("--encoder") { Description = "Encoder plugin (overrides encoder.plugin), e.g. x264" };
    public static readonly Option<string?> Listen = new("--listen") { Description = "ADDRESS:PORT to serve viewers on (overrides server.listen)" };
    public static readonly Option<string?> Token = new("--token") { Description = "Access token viewers must present (overrides server.token)" };

    public static Dictionary<string, string?> From(ParseResult parse)
    {
        var overrides = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Add(overrides, "capture:plugin", parse.GetResult(Capture) is null ? null : parse.GetValue(Capture));
        Add(overrides, "encoder:plugin", parse.GetResult(Encoder) is null ? null : parse.GetValue(Encoder));
        Add(overrides, "server:listen", parse.GetResult(Listen) is null ? null : parse.GetValue(Listen));
        Add(overrides, "server:token", parse.GetResult(Token) is null ? null : parse.GetValue(Token));
        return overrides;
    }

    private static void Add(Dictionary<string, string?> overrides, string key, string? value)
    {
        if (value is not null)
        {
            overrides[key] = value;
        }
    }
}
