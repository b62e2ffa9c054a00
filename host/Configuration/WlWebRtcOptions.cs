using Microsoft.Extensions.Configuration;
using WlWebRtc.Configuration;
using WlWebRtc.Plugins;
using WlWebRtc.Session;

namespace WlWebRtc.Host.Configuration;

/// <summary>The host's whole configuration, immutable and validated.</summary>
internal sealed record WlWebRtcOptions(
    ServerOptions Server,
    PluginsOptions Plugins,
    CaptureOptions Capture,
    EncoderOptions Encoder,
    KindSelection Transport,
    KindSelection Signaling,
    KindSelection Input,
    string LogLevel)
{
    /// <summary>The <c>[display]</c> table (following the controlling viewer's size).</summary>
    public DisplayOptions Display { get; init; } = DisplayOptions.Default;

    /// <summary><c>[input] keyboard_layout</c>: <c>auto</c> (follow the controlling viewer's layout) or an XKB layout such as <c>de</c>.</summary>
    public string KeyboardLayout { get; init; } = RemoteInput.InputRouterOptions.AutoLayout;

    /// <summary>The <c>[session]</c> table: attach to the current desktop session, or start and own a headless one.</summary>
    public SessionOptions Session { get; init; } = SessionOptions.Default;

    /// <summary>The <c>[clipboard]</c> table (which way, how large).</summary>
    public RemoteInput.Clipboard.ClipboardOptions Clipboard { get; init; } = RemoteInput.Clipboard.ClipboardOptions.Default;

    /// <summary>The <c>[degradation]</c> table: a lower frame rate when the bitrate is below a useful rate for the picture.</summary>
    public Streaming.Degradation.DegradationOptions Degradation { get; init; } = Streaming.Degradation.DegradationOptions.Default;

    public static readonly string[] LogLevels = ["trace", "debug", "information", "warning", "error", "critical", "none"];

    private static readonly string[] TopLevelSections = ["server", "plugins", "log", "capture", "encoder", "transport", "signaling", "input", "display", "session", "clipboard", "degradation"];

    /// <summary>The config table of a plugin kind (<c>capture</c>, <c>encoder</c>, …).</summary>
    public static string SectionOf(PluginKind kind) => kind.ToString().ToLowerInvariant();

    /// <summary>The selection for a kind.</summary>
    public KindSelection SelectionFor(PluginKind kind) => kind switch
    {
        PluginKind.Capture => Capture.Selection,
        PluginKind.Encoder => Encoder.Selection,
        PluginKind.Transport => Transport,
        PluginKind.Signaling => Signaling,
        PluginKind.Input => Input,
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary>Reads and validates the host's part of the configuration, returning every error at once.</summary>
    public static (WlWebRtcOptions? Options, IReadOnlyList<ConfigurationError> Errors) Read(IConfiguration configuration)
    {
        var errors = new List<ConfigurationError>();
        var root = new SettingsReader(configuration);
        root.RejectUnknownKeys([], table => TopLevelSections.Contains(table, StringComparer.OrdinalIgnoreCase));
        errors.AddRange(root.Errors);

        var server = ReadServer(configuration.GetSection("server"), errors);
        var plugins = ReadPlugins(configuration.GetSection("plugins"), errors);
        var capture = ReadCapture(configuration.GetSection("capture"), errors);
        var encoder = ReadEncoder(configuration.GetSection("encoder"), errors);
        var transport = ReadSelection(configuration.GetSection("transport"), "transport", allowList: false, errors);
        var signaling = ReadSelection(configuration.GetSection("signaling"), "signaling", allowList: true, errors);
        var input = ReadSelection(configuration.GetSection("input"), "input", allowList: false, errors, "keyboard_layout");
        var keyboardLayout = ReadKeyboardLayout(configuration.GetSection("input"), errors);
        var display = DisplayOptions.Read(configuration.GetSection("display"), errors);

        var (session, sessionErrors) = SessionOptions.Read(configuration.GetSection("session"));
        errors.AddRange(sessionErrors);

        var clipboard = ReadClipboard(configuration.GetSection("clipboard"), errors);
        var degradation = Streaming.Degradation.DegradationOptions.Read(configuration.GetSection("degradation"), errors);
        var log = new SettingsReader(configuration.GetSection("log"), "log");
        log.RejectUnknownKeys(["level"]);
        var level = log.ReadString("level", "information", LogLevels);
        errors.AddRange(log.Errors);

        return errors.Count == 0
            ? (new WlWebRtcOptions(server, plugins, capture, encoder, transport, signaling, input, level) { Display = display, KeyboardLayout = keyboardLayout, Session = session, Clipboard = clipboard, Degradation = degradation }, errors)
            : (null, errors);
    }

    private static RemoteInput.Clipboard.ClipboardOptions ReadClipboard(IConfigurationSection section, List<ConfigurationError> errors)
    {
        var reader = new SettingsReader(section, "clipboard");
        reader.RejectUnknownKeys(["direction", "max_bytes"]);
        var direction = reader.ReadString("direction", "both", [.. RemoteInput.Clipboard.ClipboardDirections.Names]);
        var maxBytes = reader.ReadInt32("max_bytes", RemoteInput.Clipboard.ClipboardOptions.DefaultMaxBytes, 1, RemoteInput.Clipboard.ClipboardOptions.MaxMaxBytes);
        errors.AddRange(reader.Errors);
        return reader.IsValid
            ? new RemoteInput.Clipboard.ClipboardOptions(RemoteInput.Clipboard.ClipboardDirections.Parse(direction), maxBytes)
            : RemoteInput.Clipboard.ClipboardOptions.Default;
    }

    private static ServerOptions ReadServer(IConfigurationSection section, List<ConfigurationError> errors)
    {
        var reader = new SettingsReader(section, "server");
        reader.RejectUnknownKeys(
            [
                "listen", "token", "control_token", "max_viewers", "control_socket", "metrics_token", "max_connections", "max_upgraded_connections",
                "request_headers_timeout_seconds", "keep_alive_timeout_seconds", "min_request_body_bytes_per_second",
            ], t => t.Equals("tls", StringComparison.OrdinalIgnoreCase));
        var listenText = reader.ReadString("listen", "127.0.0.1:8080");
        if (!ListenAddress.TryParse(listenText, out var listen, out var problem))
        {
            reader.AddError("listen", problem);
        }

        var token = reader.ReadString("token", string.Empty);
        var controlToken = reader.ReadString("control_token", string.Empty);
        CheckToken(reader, "token", token);
        CheckToken(reader, "control_token", controlToken);
        if (token.Length > 0 && token == controlToken)
        {
            reader.AddError("control_token", "must differ from server.token (otherwise every viewer gets control)");
        }

        var metricsToken = reader.ReadString("metrics_token", string.Empty);
        CheckToken(reader, "metrics_token", metricsToken);
        if (metricsToken.Length > 0 && (metricsToken == token || metricsToken == controlToken))
        {
            reader.AddError("metrics_token", "must differ from server.token and server.control_token (a viewer must not read the metrics, nor a scraper watch)");
        }

        var maxViewers = reader.ReadInt32("max_viewers", 8, 1, 256);
        var controlSocket = reader.ReadString("control_socket", string.Empty);
        var http = ReadHttpLimits(reader);

        var tlsReader = new SettingsReader(section.GetSection("tls"), "server.tls");
        var tls = ReadTls(tlsReader);
        errors.AddRange(reader.Errors);
        errors.AddRange(tlsReader.Errors);
        return new ServerOptions(
            listen ?? ListenAddress.Default,
            NullIfEmpty(token),
            NullIfEmpty(controlToken),
            maxViewers,
            tls,
            NullIfEmpty(controlSocket),
            NullIfEmpty(metricsToken),
            http);
    }

    private static HttpLimits ReadHttpLimits(SettingsReader reader)
    {
        var defaults = HttpLimits.Default;
        var maxConnections = reader.ReadInt32("max_connections", defaults.MaxConnections, 4, 100_000);
        var maxUpgraded = reader.ReadInt32("max_upgraded_connections", defaults.MaxUpgradedConnections, 1, 100_000);
        if (reader.IsValid && maxUpgraded > maxConnections)
        {
            reader.AddError("max_upgraded_connections", $"must not exceed server.max_connections ({maxConnections}), got {maxUpgraded}");
        }

        var headers = reader.ReadDouble("request_headers_timeout_seconds", defaults.RequestHeadersTimeout.TotalSeconds, 1, 300);
        var keepAlive = reader.ReadDouble("keep_alive_timeout_seconds", defaults.KeepAliveTimeout.TotalSeconds, 1, 3600);
        var bodyRate = reader.ReadDouble("min_request_body_bytes_per_second", defaults.MinRequestBodyBytesPerSecond, 0, 1_000_000);
        return new HttpLimits(maxConnections, maxUpgraded, TimeSpan.FromSeconds(headers), TimeSpan.FromSeconds(keepAlive), bodyRate);
    }

    private static TlsOptions ReadTls(SettingsReader reader)
    {
        reader.RejectUnknownKeys(["enabled", "certificate", "key", "self_signed"]);
        var enabled = reader.ReadBoolean("enabled", false);
        var certificate = reader.ReadString("certificate", string.Empty);
        var key = reader.ReadString("key", string.Empty);
        var selfSigned = reader.ReadBoolean("self_signed", false);
        if (enabled && selfSigned && (certificate.Length > 0 || key.Length > 0))
        {
            reader.AddError("self_signed", "cannot be combined with server.tls.certificate or server.tls.key: use the files or a self-signed certificate");
        }
        else if (enabled && !selfSigned && certificate.Length == 0)
        {
            reader.AddError("certificate", "is required when TLS is enabled without self_signed = true");
        }
        else if (enabled && !selfSigned)
        {
            // Load the pair now, so that a bad file is reported with the other config errors instead of at start.
            using var loaded = WlWebRtc.Host.Server.TlsCertificates.TryLoadFiles(certificate, NullIfEmpty(key), DateTimeOffset.UtcNow, out var problems);
            foreach (var (name, message) in problems)
            {
                reader.AddError(name, message);
            }
        }

        return new TlsOptions(enabled, NullIfEmpty(certificate), NullIfEmpty(key), selfSigned);
    }

    private static PluginsOptions ReadPlugins(IConfigurationSection section, List<ConfigurationError> errors)
    {
        var reader = new SettingsReader(section, "plugins");
        reader.RejectUnknownKeys(["paths", "max_probe_seconds"]);
        var paths = reader.ReadList("paths", []);
        var maxProbe = reader.ReadDouble("max_probe_seconds", 20, 0.1, 600);
        errors.AddRange(reader.Errors);
        return new PluginsOptions(paths, TimeSpan.FromSeconds(maxProbe));
    }

    private static CaptureOptions ReadCapture(IConfigurationSection section, List<ConfigurationError> errors)
    {
        var selection = ReadSelection(section, "capture", allowList: false, errors, "max_fps", "cursor");
        var reader = new SettingsReader(section, "capture");
        var maxFps = reader.ReadInt32("max_fps", 60, 1, 240);
        errors.AddRange(reader.Errors);

        // each capture plugin maps it (the plugins read it from their kind's table)
        if (section["cursor"] is { } cursor && cursor is not ("auto" or "embedded" or "metadata" or "hidden"))
        {
            errors.Add(new ConfigurationError("capture.cursor", $"'{cursor}' is not a cursor mode; use auto, embedded, metadata or hidden."));
        }
        return new CaptureOptions(selection, maxFps);
    }

    private static EncoderOptions ReadEncoder(IConfigurationSection section, List<ConfigurationError> errors)
    {
        var selection = ReadSelection(section, "encoder", allowList: false, errors, "bitrate", "min_bitrate", "max_bitrate", "keyframe_refresh_seconds", "min_keyframe_interval_ms");
        var reader = new SettingsReader(section, "encoder");
        const int Floor = 100_000;
        const int Ceiling = 200_000_000;
        var bitrate = reader.ReadInt32("bitrate", 8_000_000, Floor, Ceiling);
        // The default sits under 90 % of the transport's estimate floor (300 kb/s): the encoder can follow every
        // estimate down, and below a useful rate the degradation policy lowers the frame rate instead.
        var min = reader.ReadInt32("min_bitrate", EncoderOptions.DefaultMinBitrate, Floor, Ceiling);
        var max = reader.ReadInt32("max_bitrate", 20_000_000, Floor, Ceiling);
        if (reader.IsValid && min > max)
        {
            reader.AddError("min_bitrate", $"must not exceed encoder.max_bitrate ({max}), got {min}");
        }
        else if (reader.IsValid && (bitrate < min || bitrate > max))
        {
            reader.AddError("bitrate", $"must lie between encoder.min_bitrate ({min}) and encoder.max_bitrate ({max}), got {bitrate}");
        }

        var refresh = reader.ReadDouble("keyframe_refresh_seconds", 10, 0, 3600);

        // Below 100 ms a flood of PLIs from one viewer could still multiply everyone's bitrate; above 5 s a viewer
        // that lost the picture stays frozen too long.
        var minKeyframeInterval = reader.ReadInt32("min_keyframe_interval_ms", EncoderOptions.DefaultMinKeyframeIntervalMilliseconds, 100, 5000);
        errors.AddRange(reader.Errors);
        return new EncoderOptions(selection, bitrate, min, max, TimeSpan.FromSeconds(refresh)) { MinKeyframeInterval = TimeSpan.FromMilliseconds(minKeyframeInterval) };
    }

    private static KindSelection ReadSelection(IConfigurationSection section, string prefix, bool allowList, List<ConfigurationError> errors, params string[] extraKeys)
    {
        var reader = new SettingsReader(section, prefix);

        // Sub-tables of a kind's table are plugin tables ([encoder.x264]); the plugin validates them.
        reader.RejectUnknownKeys(["plugin", .. extraKeys], _ => true);
        var plugins = reader.ReadList("plugin", [KindSelection.Auto]);
        if (plugins.Count == 0)
        {
            reader.AddError("plugin", "must name a plugin or be \"auto\"");
        }
        else if (plugins.Count > 1 && !allowList)
        {
            reader.AddError("plugin", $"names one plugin or \"auto\", got {plugins.Count}: {string.Join(", ", plugins)}");
        }
        else if (plugins.Count > 1 && plugins.Any(p => p.Equals(KindSelection.Auto, StringComparison.OrdinalIgnoreCase)))
        {
            reader.AddError("plugin", "\"auto\" cannot be combined with plugin names");
        }

        errors.AddRange(reader.Errors);
        return new KindSelection(plugins.Select(p => p.ToLowerInvariant()).ToArray());
    }

    private static string ReadKeyboardLayout(IConfigurationSection section, List<ConfigurationError> errors)
    {
        var reader = new SettingsReader(section, "input");
        var layout = reader.ReadString("keyboard_layout", RemoteInput.InputRouterOptions.AutoLayout);
        if (layout != RemoteInput.InputRouterOptions.AutoLayout && !RemoteInput.Mapping.KeyboardLayoutName.TryParse(layout, out _, out _))
        {
            reader.AddError("keyboard_layout", $"must be \"auto\" or an XKB layout such as \"de\" or \"de(nodeadkeys)\", got \"{layout}\"");
        }

        errors.AddRange(reader.Errors);
        return layout;
    }

    private static void CheckToken(SettingsReader reader, string key, string token)
    {
        if (token.Length > 0 && token.Length < 16)
        {
            reader.AddError(key, "must be at least 16 characters (or empty for a random one)");
        }

        if (token.Any(char.IsWhiteSpace))
        {
            reader.AddError(key, "must not contain white space");
        }
    }

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;
}
