using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace WlWebRtc.DBus.Portals;

/// <summary>
/// The xdg-desktop-portal ScreenCast flow: CreateSession → SelectSources → Start → OpenPipeWireRemote.
/// The session lives as long as the returned <see cref="ScreenCastSession"/> (and the D-Bus connection).
/// </summary>
public sealed partial class ScreenCastPortal
{
    private readonly DBusConnection _connection;
    private readonly ILogger _logger;

    public ScreenCastPortal(DBusConnection connection, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        _connection = connection;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Runs the whole flow and returns a started session with its streams (the PipeWire fd comes from <see cref="ScreenCastSession.OpenPipeWireRemoteAsync"/>).</summary>
    /// <exception cref="PortalRequestException">The user cancelled, or the portal denied or failed a request.</exception>
    public async Task<ScreenCastSession> StartAsync(ScreenCastOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ScreenCast options: " + string.Join(" ", errors), nameof(options));
        }

        var capabilities = await ReadCapabilitiesAsync(_connection, options.Timeouts, cancellationToken).ConfigureAwait(false);
        var session = await PortalSession.CreateAsync(_connection, PortalNames.ScreenCast, options.Timeouts, cancellationToken).ConfigureAwait(false);
        try
        {
            var selection = await SelectSourcesAsync(_connection, session.Handle, capabilities, options, cancellationToken).ConfigureAwait(false);
            var results = await PortalRequest.CallAsync(
                _connection, PortalNames.ScreenCast, "Start", "os", [session.Handle, string.Empty],
                [], options.Timeouts, cancellationToken).ConfigureAwait(false);
            var streams = ScreenCastStreamInfo.Parse(results);
            if (streams.Count == 0)
            {
                throw new PortalRequestException("The ScreenCast portal started the session but returned no stream.");
            }

            var token = SaveRestoreToken(results, options);
            Log.Started(_logger, session.Handle.Value, streams.Count, streams[0].NodeId, (uint)selection.SourceTypes, (uint)selection.CursorMode, token is not null);
            return new ScreenCastSession(_connection, session, streams, selection.SourceTypes, selection.CursorMode, token, options.Timeouts);
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    internal static async Task<ScreenCastCapabilities> ReadCapabilitiesAsync(DBusConnection connection, PortalTimeouts timeouts, CancellationToken cancellationToken)
    {
        var version = await connection.GetPropertyAsync<uint>(PortalNames.Service, PortalNames.ObjectPath, PortalNames.ScreenCast, "version", timeouts.Call, cancellationToken).ConfigureAwait(false);
        var sources = await connection.GetPropertyAsync<uint>(PortalNames.Service, PortalNames.ObjectPath, PortalNames.ScreenCast, "AvailableSourceTypes", timeouts.Call, cancellationToken).ConfigureAwait(false);
        uint cursors = 0;
        if (version >= 2)
        {
            cursors = await connection.GetPropertyAsync<uint>(PortalNames.Service, PortalNames.ObjectPath, PortalNames.ScreenCast, "AvailableCursorModes", timeouts.Call, cancellationToken).ConfigureAwait(false);
        }

        return new ScreenCastCapabilities(version, (ScreenCastSourceTypes)sources, (CursorModes)cursors);
    }

    /// <summary>SelectSources on <paramref name="session"/> (a ScreenCast or RemoteDesktop session).</summary>
    internal static async Task<ScreenCastSelection> SelectSourcesAsync(DBusConnection connection, ObjectPath session, ScreenCastCapabilities capabilities, ScreenCastOptions options, CancellationToken cancellationToken, bool persistHere = true)
    {
        var selection = Choose(capabilities, options);
        var arguments = new Dictionary<string, DBusVariant>
        {
            ["types"] = new("u", (uint)selection.SourceTypes),
            ["multiple"] = new("b", options.Multiple),
        };
        if (selection.CursorMode != CursorModes.None)
        {
            arguments["cursor_mode"] = new("u", (uint)selection.CursorMode);
        }

        if (persistHere && options.Persist && capabilities.Version >= 4)
        {
            arguments["persist_mode"] = new("u", 2u);
            if (options.TokenStore?.Load(options.TokenKey) is { } token)
            {
                arguments["restore_token"] = new("s", token);
            }
        }

        await PortalRequest.CallAsync(connection, PortalNames.ScreenCast, "SelectSources", "o", [session], arguments, options.Timeouts, cancellationToken).ConfigureAwait(false);
        return selection;
    }

    /// <summary>The requested source types the portal offers (else monitor), and the first preferred cursor mode it offers.</summary>
    internal static ScreenCastSelection Choose(ScreenCastCapabilities capabilities, ScreenCastOptions options)
    {
        var sources = options.SourceTypes & capabilities.SourceTypes;
        if (sources == ScreenCastSourceTypes.None)
        {
            sources = (capabilities.SourceTypes & ScreenCastSourceTypes.Monitor) != 0
                ? ScreenCastSourceTypes.Monitor
                : throw new PortalRequestException($"The ScreenCast portal offers source types {capabilities.SourceTypes}, none of the requested {options.SourceTypes}.");
        }

        var cursor = capabilities.Version >= 2
            ? options.CursorPreference.FirstOrDefault(mode => (capabilities.CursorModes & mode) != 0)
            : CursorModes.None;
        return new ScreenCastSelection(sources, cursor);
    }

    internal static string? SaveRestoreToken(Dictionary<string, DBusVariant> results, ScreenCastOptions options)
    {
        if (!results.TryGetValue("restore_token", out var variant) || variant.Value is not string token || token.Length == 0)
        {
            return null;
        }

        if (options.Persist)
        {
            options.TokenStore?.Save(options.TokenKey, token);
        }

        return token;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.ScreenCastStarted, Level = LogLevel.Information, Message = "ScreenCast session {Session} started: {Count} stream(s), first node {NodeId}, source types {SourceTypes}, cursor mode {CursorMode}, restore token {HasToken}")]
        public static partial void Started(ILogger logger, string session, int count, uint nodeId, uint sourceTypes, uint cursorMode, bool hasToken);
    }
}

internal sealed record ScreenCastCapabilities(uint Version, ScreenCastSourceTypes SourceTypes, CursorModes CursorModes);

internal sealed record ScreenCastSelection(ScreenCastSourceTypes SourceTypes, CursorModes CursorMode);
