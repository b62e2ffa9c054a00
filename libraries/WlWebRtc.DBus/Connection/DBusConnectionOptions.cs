using Microsoft.Extensions.Logging;

namespace WlWebRtc.DBus;

/// <summary>How to connect and how long to wait.</summary>
public sealed record DBusConnectionOptions
{
    /// <summary>The D-Bus default (libdbus) reply timeout.</summary>
    public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromSeconds(25);

    /// <summary>Bound for connecting, authenticating and Hello together.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Ask the daemon for unix fd passing (NEGOTIATE_UNIX_FD).</summary>
    public bool NegotiateUnixFds { get; init; } = true;

    /// <summary>Largest message accepted from the bus (at most the spec's 128 MiB).</summary>
    public int MaxMessageSize { get; init; } = 128 * 1024 * 1024;

    public ILogger? Logger { get; init; }

    /// <summary>Every problem at once, keyed by option name; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (DefaultTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(DefaultTimeout)}: must be positive, was {DefaultTimeout}.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(ConnectTimeout)}: must be positive, was {ConnectTimeout}.");
        }

        if (MaxMessageSize is < 1024 or > 128 * 1024 * 1024)
        {
            errors.Add($"{nameof(MaxMessageSize)}: must be between 1 KiB and 128 MiB, was {MaxMessageSize}.");
        }

        return errors;
    }
}
