namespace WlWebRtc.Plugins;

/// <summary>The outcome of a probe: whether a plugin can run here, and why or why not, in words for a human.</summary>
public sealed record ProbeResult
{
    private ProbeResult(bool isAvailable, string reason)
    {
        IsAvailable = isAvailable;
        Reason = reason;
    }

    /// <summary>Whether the plugin can run on this machine with this config.</summary>
    public bool IsAvailable { get; }

    /// <summary>Why: what was found, or what is missing (e.g. "no DRM render node in /dev/dri").</summary>
    public string Reason { get; }

    /// <summary>The plugin can run; <paramref name="reason"/> says what it found.</summary>
    public static ProbeResult Available(string reason) => new(true, Require(reason));

    /// <summary>The plugin cannot run; <paramref name="reason"/> says why.</summary>
    public static ProbeResult Unavailable(string reason) => new(false, Require(reason));

    private static string Require(string reason) =>
        string.IsNullOrWhiteSpace(reason) ? throw new ArgumentException("A probe result needs a reason.", nameof(reason)) : reason;
}
