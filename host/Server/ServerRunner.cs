using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WlWebRtc.Host.Streaming;
using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Control;
using WlWebRtc.Host.Runtime;
using WlWebRtc.Plugins;

namespace WlWebRtc.Host.Server;

/// <summary>
/// <c>wlwebrtc start</c>: loads and selects plugins, serves viewers and the control socket, runs the capture →
/// encode → transport pipeline, and on SIGINT/SIGTERM (or <c>wlwebrtc stop</c>, or a capture failure) stops in order:
/// stop accepting, close every peer, stop the pipeline (<see cref="StreamingHost.ShutdownAsync"/>).
/// </summary>
internal static partial class ServerRunner
{
    /// <summary>How long Kestrel waits for open requests on stop before it cuts them.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(2);

    public static async Task<int> RunAsync(ConfigurationResult config, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        var options = config.Options!;
        var logger = loggerFactory.CreateLogger("WlWebRtc.Host");
        var catalog = await PluginCatalog.BuildAsync(options, config.Configuration, config.File, loggerFactory, probe: true, cancellationToken);
        foreach (var entry in catalog.Entries.Where(e => e.Status is Plugins.PluginStatus.Unavailable or Plugins.PluginStatus.Failed))
        {
            Log.PluginNotUsable(logger, entry.Kind?.ToString() ?? "?", entry.Name, entry.Status, entry.Reason);
        }

        var fatal = catalog.Selection.FatalProblems.ToArray();
        if (fatal.Length > 0)
        {
            foreach (var problem in fatal)
            {
                Log.SelectionProblem(logger, problem);
            }

            return ExitCodes.PluginUnavailable;
        }

        var (certificate, chain) = options.Server.Tls.Enabled ? LoadCertificate(options.Server, logger) : (null, []);
        using var disposeCertificate = certificate;
        if (options.Server.Tls.Enabled && certificate is null)
        {
            return ExitCodes.InvalidConfiguration;
        }

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

        var tokens = new AccessTokens(options.Server.Token, options.Server.ControlToken);

        // One guard for every endpoint that checks a token (/metrics here, /ws and /whep through the gateway).
        var authenticationGuard = new SharedAuthenticationGuard(TimeProvider.System);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ApplicationName = "wlwebrtc", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);

        // The backstop for a graceful stop: connections still open this long after the stop began are cut. Signaling
        // closes its sockets at once when the stop begins (WebSockets get 1001), so this is rarely reached.
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = ShutdownTimeout);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Server.Listen, listen =>
            {
                if (certificate is not null)
                {
                    listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate, ServerCertificateChain = chain });
                }
            });
            kestrel.ListenUnixSocket(controlPath);
            HttpServerLimits.Apply(kestrel.Limits, options.Server.Http);
        });

        await using var app = builder.Build();
        var startedAt = DateTimeOffset.UtcNow;
        var scheme = options.Server.Tls.Enabled ? "https" : "http";
        var listen = $"{scheme}://{FormatHost(options.Server.Listen)}";
        var selected = catalog.Selection.Chosen.Where(c => c.Value.Count > 0)
            .ToDictionary(c => WlWebRtcOptions.SectionOf(c.Key), c => string.Join(", ", c.Value.Select(e => e.Name)));

        await using var streaming = new StreamingHost(catalog, options, tokens, authenticationGuard, loggerFactory);
        using var exporter = new PrometheusTextExporter(streaming.Metrics.Meter);
        ControlEndpoints.Map(app, () => streaming.Status(startedAt, listen, selected));
        var metricsToken = options.Server.MetricsToken is { } configured ? new SecretToken(configured) : null;
        MetricsEndpoint.Map(app, exporter.Render, metricsToken, authenticationGuard, logger);

        try
        {
            await streaming.StartAsync(app, cancellationToken);
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or NotSupportedException or Encoders.VideoEncoderException)
        {
            Log.StartFailed(logger, ex.Message, ex);
            return ExitCodes.Failure;
        }

        File.SetUnixFileMode(controlPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var urls = ViewerUrls.For(scheme, options.Server.Listen, LocalNetwork.Addresses(), tokens.ViewToken);
        Log.Serving(logger, urls[0], controlPath, string.Join("; ", selected.Select(s => $"{s.Key}={s.Value}")));
        foreach (var url in urls.Skip(1))
        {
            Log.AlsoServing(logger, url);
        }

        // A failed capture would leave viewers a frozen picture: stop, and say so in the exit code.
        using var onCaptureFailure = streaming.CaptureFailed.Register(app.Lifetime.StopApplication);
        await app.WaitForShutdownAsync(CancellationToken.None);
        Log.Stopping(logger);
        var clean = await streaming.ShutdownAsync(StreamingHost.DefaultStepTimeout);
        TryDelete(controlPath);
        return ExitCodeAfterStop(streaming.CaptureFailure, clean, logger);
    }

    /// <summary>A capture failure first (it is why the server stopped), then an unclean shutdown, else success.</summary>
    internal static int ExitCodeAfterStop(Exception? captureFailure, bool cleanShutdown, ILogger logger)
    {
        if (captureFailure is not null)
        {
            Log.StoppedAfterCaptureFailure(logger, captureFailure.Message);
            return ExitCodes.CaptureFailed;
        }

        return cleanShutdown ? ExitCodes.Ok : ExitCodes.Failure;
    }

    private static (X509Certificate2? Certificate, X509Certificate2Collection Chain) LoadCertificate(ServerOptions server, ILogger logger)
    {
        var now = DateTimeOffset.UtcNow;
        if (server.Tls.SelfSigned)
        {
            var created = TlsCertificates.CreateSelfSigned(server.Listen.Address, now);
            Log.SelfSignedCertificate(logger, TlsCertificates.Sha256Fingerprint(created), created.NotAfter.ToUniversalTime());
            return (created, []);
        }

        // Validated with the config already; loaded again here because the files may have changed since.
        var loaded = TlsCertificates.TryLoadFiles(server.Tls.CertificateFile!, server.Tls.KeyFile, now, out var problems);
        foreach (var (key, message) in problems)
        {
            Log.CertificateProblem(logger, key, message);
        }

        if (loaded is null)
        {
            return (null, []);
        }

        try
        {
            var chain = TlsCertificates.IntermediatesFromFile(server.Tls.CertificateFile!);
            Log.CertificateLoaded(logger, loaded.Subject, TlsCertificates.Sha256Fingerprint(loaded), loaded.NotAfter.ToUniversalTime(), chain.Count);
            return (loaded, chain);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            Log.CertificateProblem(logger, "certificate", $"cannot read the chain in {server.Tls.CertificateFile}: {ex.Message}");
            loaded.Dispose();
            return (null, []);
        }
    }

    private static string FormatHost(IPEndPoint endPoint) =>
        endPoint.Address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{endPoint.Address}]:{endPoint.Port}" : endPoint.ToString();

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.PluginNotUsable, LogLevel.Warning, "{Kind} plugin {Name} is {Status}: {Reason}")]
        public static partial void PluginNotUsable(ILogger logger, string kind, string name, Plugins.PluginStatus status, string reason);

        [LoggerMessage(EventIds.SelectionProblem, LogLevel.Critical, "Cannot start: {Problem}")]
        public static partial void SelectionProblem(ILogger logger, string problem);

        [LoggerMessage(EventIds.AlreadyRunning, LogLevel.Critical, "Cannot start: {Problem}")]
        public static partial void AlreadyRunning(ILogger logger, string problem);

        [LoggerMessage(EventIds.AlsoServing, LogLevel.Information, "Viewers on other hosts: {ViewerUrl}")]
        public static partial void AlsoServing(ILogger logger, string viewerUrl);

        [LoggerMessage(EventIds.Serving, LogLevel.Information, "Serving viewers at {ViewerUrl} (control socket {ControlSocket}; plugins: {Plugins})")]
        public static partial void Serving(ILogger logger, string viewerUrl, string controlSocket, string plugins);

        [LoggerMessage(EventIds.Stopping, LogLevel.Information, "Stopping: closing viewers and the pipeline")]
        public static partial void Stopping(ILogger logger);

        [LoggerMessage(EventIds.StartFailed, LogLevel.Critical, "Cannot start: {Problem}")]
        public static partial void StartFailed(ILogger logger, string problem, Exception exception);

        [LoggerMessage(EventIds.SelfSignedCertificate, LogLevel.Information, "HTTPS with a self-signed certificate made at start, SHA-256 fingerprint {Fingerprint} (valid until {NotAfter:u}): check that the browser shows this fingerprint before accepting the certificate")]
        public static partial void SelfSignedCertificate(ILogger logger, string fingerprint, DateTime notAfter);

        [LoggerMessage(EventIds.CertificateLoaded, LogLevel.Information, "HTTPS with certificate {Subject}, SHA-256 fingerprint {Fingerprint} (valid until {NotAfter:u}; {Intermediates} intermediate certificate(s) sent with it)")]
        public static partial void CertificateLoaded(ILogger logger, string subject, string fingerprint, DateTime notAfter, int intermediates);

        [LoggerMessage(EventIds.CertificateProblem, LogLevel.Critical, "Cannot start: server.tls.{Key}: {Problem}")]
        public static partial void CertificateProblem(ILogger logger, string key, string problem);

        [LoggerMessage(EventIds.StoppedAfterCaptureFailure, LogLevel.Critical, "Stopped because the capture failed: {Problem}")]
        public static partial void StoppedAfterCaptureFailure(ILogger logger, string problem);
    }
}
