using Microsoft.Extensions.Logging;
using WlWebRtc.Session.Mutter;
using WlWebRtc.Session.Sway;
using WlWebRtc.Unix;

namespace WlWebRtc.Session.Desktop;

/// <summary>Starts the headless session of the configured compositor (<c>session.compositor</c>).</summary>
internal static class HeadlessSessions
{
    /// <summary>auto: sway where it is installed, else mutter where it is, else sway (whose start names what to install).</summary>
    public static SessionCompositor Resolve(SessionCompositor configured, Func<string, bool> installed)
    {
        ArgumentNullException.ThrowIfNull(installed);
        return configured switch
        {
            SessionCompositor.Auto when installed("sway") => SessionCompositor.Sway,
            SessionCompositor.Auto when installed("mutter") => SessionCompositor.Mutter,
            SessionCompositor.Auto => SessionCompositor.Sway,
            _ => configured,
        };
    }

    public static bool IsInstalled(string program) => ProgramPath.Find(program) is not null;

    public static async Task<HeadlessSession> StartAsync(SessionCompositor compositor, SessionOptions options, SessionAccount account, string directory, ILogger logger, CancellationToken cancellationToken) =>
        compositor == SessionCompositor.Mutter
            ? await MutterSession.StartAsync(options, account, directory, logger, cancellationToken).ConfigureAwait(false)
            : await SwaySession.StartAsync(options, account, directory, logger, cancellationToken).ConfigureAwait(false);
}
