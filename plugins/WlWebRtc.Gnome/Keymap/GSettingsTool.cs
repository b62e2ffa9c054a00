using System.Diagnostics;
using WlWebRtc.Gnome.Mutter;

namespace WlWebRtc.Gnome.Keymap;

/// <summary>What one <c>gsettings</c> run printed.</summary>
internal readonly record struct GSettingsResult(int ExitCode, string StandardOutput, string StandardError);

/// <summary>Runs <c>gsettings</c> with the given arguments; a test gives its own.</summary>
internal delegate Task<GSettingsResult> GSettingsRunner(IReadOnlyList<string> arguments, CancellationToken cancellationToken);

/// <summary>
/// The <c>gsettings</c> program (libglib2.0-bin, on every GNOME desktop): it reads and writes the user's settings the
/// way GNOME Shell watches them (dconf: reads from the user's database, writes through dconf-service on the session
/// bus, which tells every reader). Run with the session's bus (and, for tests, the session's XDG directories).
/// </summary>
internal static class GSettingsTool
{
    public const string Program = "gsettings";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>A runner for the session <paramref name="environment"/> names.</summary>
    public static GSettingsRunner For(GnomeEnvironment environment) => (arguments, cancellationToken) => RunAsync(environment, arguments, cancellationToken);

    private static async Task<GSettingsResult> RunAsync(GnomeEnvironment environment, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment.ProgramEnvironment ?? new Dictionary<string, string?>())
        {
            start.Environment[name] = value;
        }

        if (environment.BusAddress is { } bus)
        {
            start.Environment["DBUS_SESSION_BUS_ADDRESS"] = bus;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("gsettings did not start.");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var error = process.StandardError.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            return new GSettingsResult(process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"gsettings {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds:0} s.");
        }
    }
}
