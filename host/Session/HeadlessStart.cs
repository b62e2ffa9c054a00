using System.Diagnostics;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Control;
using WlWebRtc.Host.Plugins;
using WlWebRtc.Host.Server;
using WlWebRtc.Session;

namespace WlWebRtc.Host.Session;

/// <summary>
/// <c>wlwebrtc start</c> with <c>session.mode = "headless"</c>: the host composes, the session library does the work.
/// <see cref="HeadlessSupervisor"/> starts the headless desktop and runs this same executable with the same
/// arguments inside it as the streaming server (attach mode), with what must stay the same across restarts fixed
/// once here: the viewer token (so a viewer's URL keeps working and it reconnects by itself) and the control socket
/// (which <c>wlwebrtc status</c> and <c>stop</c> look for outside the session's runtime dir).
/// </summary>
internal static partial class HeadlessStart
{
    public static async Task<int> RunAsync(WlWebRtcOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var logger = loggerFactory.CreateLogger("WlWebRtc.Host");
        var controlPath = options.Server.ControlSocket ?? ControlSocket.DefaultPath(Environment.GetEnvironmentVariable);
        try
        {
            await ControlSocket.PrepareAsync(controlPath, cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            Log.AlreadyRunning(logger, ex.Message);
            return ExitCodes.Failure;
        }

        var overrides = ServerOverrides(options, controlPath);
        var host = HostCommandLine.Current();
        var arguments = Environment.GetCommandLineArgs().Skip(1).ToArray();
        var supervisor = new HeadlessSupervisor(options.Session, session => ServerStart(host, arguments, session, overrides), loggerFactory, TimeProvider.System);

        // SIGINT/SIGTERM stop the supervisor, which stops the server (SIGTERM, a graceful stop) and then the session.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        var outcome = await supervisor.RunAsync(stop.Token);
        return outcome switch
        {
            SupervisorOutcome.Stopped => ExitCodes.Ok,
            SupervisorOutcome.ServerConfigurationInvalid => ExitCodes.InvalidConfiguration,
            _ => ExitCodes.Failure,
        };
    }

    /// <summary>What the server inside the session gets on top of the session's variables (configuration overrides win over the file).</summary>
    internal static Dictionary<string, string?> ServerOverrides(WlWebRtcOptions options, string controlPath) => new()
    {
        ["WLWEBRTC_SESSION__MODE"] = "attach",
        ["WLWEBRTC_SERVER__CONTROL_SOCKET"] = controlPath,

        // a random token made once, not per restart (the command line's --token, if given, still wins)
        ["WLWEBRTC_SERVER__TOKEN"] = options.Server.Token ?? AccessTokens.Generate(),
    };

    private static ProcessStartInfo ServerStart(HostCommandLine host, string[] arguments, IReadOnlyDictionary<string, string?> session, Dictionary<string, string?> overrides)
    {
        var start = new ProcessStartInfo(host.FileName) { UseShellExecute = false };
        foreach (var argument in host.Arguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in session.Concat(overrides))
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.HeadlessAlreadyRunning, LogLevel.Critical, "Cannot start: {Problem}")]
        public static partial void AlreadyRunning(ILogger logger, string problem);
    }
}
