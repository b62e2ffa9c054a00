namespace WlWebRtc.Testing.Server;

/// <summary>How to start the real server for a test.</summary>
/// <param name="Capture">The capture plugin (<c>testpattern</c>, <c>portal</c>).</param>
/// <param name="Token">The viewer token.</param>
/// <param name="ExtraConfig">TOML appended to the generated config (plugin tables, limits).</param>
public sealed record ServerLaunch(string Capture, string Token, string ExtraConfig = "")
{
    public string Encoder { get; init; } = "x264";

    public string LogLevel { get; init; } = "information";

    /// <summary>Variables to set (null removes one) in the server's environment, e.g. a headless desktop's.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = new Dictionary<string, string?>();

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The server serves HTTPS (<c>[server.tls]</c> in <see cref="ExtraConfig"/>): the URLs use https, and waiting
    /// for the server accepts whatever certificate it presents (the test checks the certificate itself).
    /// </summary>
    public bool Https { get; init; }

    /// <summary>A command that runs the server inside something, e.g. <c>ip netns exec NAME</c> (a network namespace).</summary>
    public IReadOnlyList<string> CommandPrefix { get; init; } = [];

    /// <summary>The HTTP port (a free one when null).</summary>
    public int? Port { get; init; }

    /// <summary>The address the server listens on (<c>--listen</c>).</summary>
    public string ListenAddress { get; init; } = "127.0.0.1";

    /// <summary>The host the test reaches the server at (e.g. a NAT router's forwarded address); the listen address when null.</summary>
    public string? ReachableHost { get; init; }
}
