using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.Session.Processes;
using WlWebRtc.Session.Restart;
using WlWebRtc.Session.Desktop;
using WlWebRtc.Session.Sway;
using WlWebRtc.Unix;

namespace WlWebRtc.Session;

/// <summary>
/// Headless mode: starts a headless session (<see cref="HeadlessSession"/>: sway or mutter, <c>session.compositor</c>), runs the streaming server inside it as
/// a child process (attach mode, the session's environment), and when any part of the session or the server dies,
/// stops both and starts them again after the <see cref="RestartPolicy"/>'s delay. The server is a process of its
/// own because everything it holds (the portal's screen cast, PipeWire, the Wayland connection of the virtual
/// input) belongs to one compositor run: a fresh process is the one clean way to start over. Stop (cancellation,
/// or the server exiting 0 after <c>wlwebrtc stop</c>) stops the server first (viewers get their close frames),
/// then the session, once.
/// </summary>
public sealed partial class HeadlessSupervisor
{
    /// <summary>The server's exit code after a graceful stop (host ExitCodes.Ok): the supervisor stops too.</summary>
    public const int ServerStoppedExitCode = 0;

    /// <summary>The server's exit code for a bad configuration (host ExitCodes.InvalidConfiguration): restarting cannot help.</summary>
    public const int ServerInvalidConfigurationExitCode = 2;

    private static readonly TimeSpan ServerGrace = TimeSpan.FromSeconds(15);

    private readonly SessionOptions _options;
    private readonly Func<IReadOnlyDictionary<string, string?>, ProcessStartInfo> _server;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;

    /// <param name="options">The <c>[session]</c> options.</param>
    /// <param name="server">How to start the streaming server, given the variables that attach it to the session.</param>
    /// <param name="loggerFactory">Logging.</param>
    /// <param name="time">The clock for the restart delays.</param>
    public HeadlessSupervisor(SessionOptions options, Func<IReadOnlyDictionary<string, string?>, ProcessStartInfo> server, ILoggerFactory loggerFactory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        _options = options;
        _server = server;
        _logger = loggerFactory.CreateLogger("WlWebRtc.Session");
        _time = time ?? TimeProvider.System;
        Directory = options.Directory ?? DefaultDirectory(Environment.GetEnvironmentVariable);
    }

    /// <summary>The session's directory: <c>run/</c> (this run: runtime dir, logs, configs), <c>run.previous/</c>, <c>lib/</c>.</summary>
    public string Directory { get; }

    /// <summary><c>$XDG_RUNTIME_DIR/wlwebrtc-session</c>, else <c>/tmp/wlwebrtc-session-USER</c>.</summary>
    public static string DefaultDirectory(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var runtime = environment("XDG_RUNTIME_DIR");
        return !string.IsNullOrEmpty(runtime) && System.IO.Directory.Exists(runtime)
            ? Path.Combine(runtime, "wlwebrtc-session")
            : Path.Combine(Path.GetTempPath(), $"wlwebrtc-session-{Environment.UserName}");
    }

    /// <summary>Runs sessions until <paramref name="stop"/> or a stop of the server; everything started is stopped on return.</summary>
    public async Task<SupervisorOutcome> RunAsync(CancellationToken stop)
    {
        SessionAccount account;
        try
        {
            account = await SessionAccount.ResolveAsync(_options.User, stop).ConfigureAwait(false);
            ClaimDirectory(account);
        }
        catch (SessionStartException ex)
        {
            Log.SessionStartFailed(_logger, ex.Message);
            return SupervisorOutcome.GaveUp;
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            return SupervisorOutcome.Stopped;
        }

        Log.DesktopUser(_logger, account.Name, account.Uid, account.IsOtherUser ? "setpriv" : "the server's own user", Directory);
        try
        {
            return await SuperviseAsync(account, stop).ConfigureAwait(false);
        }
        finally
        {
            ReleaseDirectory();
            Log.Stopped(_logger);
        }
    }

    private async Task<SupervisorOutcome> SuperviseAsync(SessionAccount account, CancellationToken stop)
    {
        var policy = new RestartPolicy(_options.Restart);
        var compositor = HeadlessSessions.Resolve(_options.Compositor, HeadlessSessions.IsInstalled);
        var compositorName = compositor == SessionCompositor.Mutter ? "mutter" : "sway";
        while (true)
        {
            var began = _time.GetTimestamp();
            int? serverExit = null;
            string ended;
            HeadlessSession? session = null;
            SessionProcess? server = null;
            try
            {
                Log.SessionStarting(_logger, compositorName);
                session = await HeadlessSessions.StartAsync(compositor, _options, account, Directory, _logger, stop).ConfigureAwait(false);
                Log.SessionStarted(_logger, _time.GetElapsedTime(began).TotalSeconds, session.ServerEnvironment["WAYLAND_DISPLAY"] ?? "?", session.RunDirectory);
                server = SessionProcess.StartInheriting("the streaming server", _server(session.ServerEnvironment), ServerGrace);
                Log.ServerStarted(_logger, server.Pid);
                ended = await WaitForEndAsync(session, server, stop).ConfigureAwait(false);
                serverExit = server.ExitCode;
            }
            catch (SessionStartException ex)
            {
                ended = "the session did not start";
                Log.SessionStartFailed(_logger, ex.Message);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                ended = "stop requested";
            }
            finally
            {
                if (stop.IsCancellationRequested)
                {
                    Log.Stopping(_logger);
                }

                // the server first: viewers get their close frames while the desktop still exists
                server?.Dispose();
                session?.Dispose();
            }

            if (stop.IsCancellationRequested || serverExit == ServerStoppedExitCode)
            {
                return SupervisorOutcome.Stopped;
            }

            if (serverExit == ServerInvalidConfigurationExitCode)
            {
                Log.ServerConfigurationInvalid(_logger);
                return SupervisorOutcome.ServerConfigurationInvalid;
            }

            var delay = policy.NextDelay(_time.GetElapsedTime(began));
            if (delay is null)
            {
                Log.RestartsExhausted(_logger, policy.RestartsInARow, ended);
                return SupervisorOutcome.GaveUp;
            }

            Log.RestartScheduled(_logger, ended, delay.Value.TotalSeconds, policy.RestartsInARow);
            try
            {
                await Task.Delay(delay.Value, _time, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return SupervisorOutcome.Stopped;
            }
        }
    }

    /// <summary>Waits until a component or the server exits, or a stop is requested; says which.</summary>
    private async Task<string> WaitForEndAsync(HeadlessSession session, SessionProcess server, CancellationToken stop)
    {
        using var done = CancellationTokenSource.CreateLinkedTokenSource(stop);
        var watched = session.Components.Append(server).ToList();
        var exits = watched.Select(p => p.WaitForExitAsync(done.Token)).ToList();
        try
        {
            var first = await Task.WhenAny(exits).ConfigureAwait(false);
            stop.ThrowIfCancellationRequested();
            var process = watched[exits.IndexOf(first)];
            var reason = string.Create(CultureInfo.InvariantCulture, $"{process.Name} (pid {process.Pid}) exited with code {process.ExitCode}");
            if (process == server)
            {
                Log.ServerExited(_logger, server.Pid, server.ExitCode ?? -1);
            }
            else
            {
                Log.SessionEnded(_logger, reason, process.LogTail(5));
            }

            return reason;
        }
        finally
        {
            await done.CancelAsync().ConfigureAwait(false);
        }
    }

    /// <summary>One supervisor per directory: an <c>owner</c> file with the pid; a dead owner's leftovers are stopped.</summary>
    private void ClaimDirectory(SessionAccount account)
    {
        System.IO.Directory.CreateDirectory(Directory);

        // the desktop's user (another one when the server is root) must reach run/ below it
        File.SetUnixFileMode(Directory, account.IsOtherUser
            ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute
            : UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        if (account.IsOtherUser)
        {
            EnsureReachableByOthers(Directory, account.Name);
        }

        var owner = Path.Combine(Directory, "owner");
        if (File.Exists(owner)
            && int.TryParse(File.ReadAllText(owner).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid)
            && pid != Environment.ProcessId
            && ProcessTable.IsAlive(pid))
        {
            throw new SessionStartException($"another wlwebrtc (pid {pid}) runs a headless session in {Directory}; stop it, or set session.directory");
        }

        foreach (var left in ProcessTable.WithEnvironmentEntry("XDG_RUNTIME_DIR=" + Path.Combine(Directory, "run", "xdg")))
        {
            ProcessTable.Terminate(left, TimeSpan.FromSeconds(3));
        }

        File.WriteAllText(owner, Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Every folder above the session's must let others pass (x), or sway (another user) cannot reach its runtime dir.</summary>
    private static void EnsureReachableByOthers(string directory, string user)
    {
        for (var parent = Path.GetDirectoryName(directory); !string.IsNullOrEmpty(parent); parent = Path.GetDirectoryName(parent))
        {
            if ((File.GetUnixFileMode(parent) & UnixFileMode.OtherExecute) == 0)
            {
                throw new SessionStartException(
                    $"the desktop's user {user} cannot reach {directory}: {parent} is closed to other users (chmod o+x {parent}, or set session.directory elsewhere)");
            }
        }
    }

    private void ReleaseDirectory()
    {
        try
        {
            File.Delete(Path.Combine(Directory, "owner"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // the next start sees a dead owner and takes over
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.SessionStarting, LogLevel.Information, "Headless session: starting {Compositor}, its session bus, PipeWire and WirePlumber")]
        public static partial void SessionStarting(ILogger logger, string compositor);

        [LoggerMessage(EventIds.SessionStarted, LogLevel.Information, "Headless session: ready after {Seconds:F1} s (WAYLAND_DISPLAY={Display}, logs in {RunDirectory}/logs)")]
        public static partial void SessionStarted(ILogger logger, double seconds, string display, string runDirectory);

        [LoggerMessage(EventIds.SessionStartFailed, LogLevel.Error, "Headless session: cannot start: {Problem}")]
        public static partial void SessionStartFailed(ILogger logger, string problem);

        [LoggerMessage(EventIds.SessionEnded, LogLevel.Warning, "Headless session: {Reason}; last lines of its log:\n{LogTail}")]
        public static partial void SessionEnded(ILogger logger, string reason, string logTail);

        [LoggerMessage(EventIds.ServerStarted, LogLevel.Information, "Headless session: streaming server started (pid {Pid})")]
        public static partial void ServerStarted(ILogger logger, int pid);

        [LoggerMessage(EventIds.ServerExited, LogLevel.Warning, "Headless session: the streaming server (pid {Pid}) exited with code {ExitCode}")]
        public static partial void ServerExited(ILogger logger, int pid, int exitCode);

        [LoggerMessage(EventIds.RestartScheduled, LogLevel.Warning, "Headless session: {Reason}; restarting in {Seconds:F1} s (restart {Count} in a row)")]
        public static partial void RestartScheduled(ILogger logger, string reason, double seconds, int count);

        [LoggerMessage(EventIds.RestartsExhausted, LogLevel.Critical, "Headless session: giving up after {Count} restarts in a row (last: {Reason}); see session.max_restarts")]
        public static partial void RestartsExhausted(ILogger logger, int count, string reason);

        [LoggerMessage(EventIds.Stopping, LogLevel.Information, "Headless session: stopping the server and the session")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(EventIds.Stopped, LogLevel.Information, "Headless session: stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(EventIds.ServerConfigurationInvalid, LogLevel.Critical, "Headless session: the streaming server refused its configuration; not restarting")]
        public static partial void ServerConfigurationInvalid(ILogger logger);

        [LoggerMessage(EventIds.DesktopUser, LogLevel.Information, "Headless session: the desktop runs as {User} (uid {Uid}, via {How}) in {Directory}")]
        public static partial void DesktopUser(ILogger logger, string user, int uid, string how, string directory);
    }
}
