using System.Globalization;
using Microsoft.Extensions.Logging;
using WlWebRtc.DBus;

namespace WlWebRtc.Gnome.Mutter;

/// <summary>What Mutter records.</summary>
internal enum MutterRecording
{
    /// <summary>An existing monitor (RecordMonitor).</summary>
    Monitor,

    /// <summary>A new virtual monitor whose size follows the consumer's negotiated format (RecordVirtual).</summary>
    Virtual,
}

/// <summary>Mutter's <c>cursor-mode</c> values.</summary>
internal enum MutterCursorMode : uint
{
    Hidden = 0,
    Embedded = 1,
    Metadata = 2,
}

/// <summary>
/// One linked Mutter session: a RemoteDesktop session and the ScreenCast session created with its
/// <c>remote-desktop-session-id</c>, recording one stream, started through the RemoteDesktop session (Mutter refuses
/// to start a linked ScreenCast session directly). Both sessions belong to this object's D-Bus connection, so input
/// travels over it too. <see cref="Closed"/> completes when Mutter closes either session or leaves the bus, and
/// faults when the connection is lost. Disposal stops the session and closes the connection.
/// </summary>
internal sealed partial class MutterSession : IAsyncDisposable
{
    private static readonly TimeSpan StreamTimeout = TimeSpan.FromSeconds(10);

    private readonly DBusConnection _bus;
    private readonly ILogger _logger;
    private readonly List<DBusSubscription> _subscriptions = [];
    private readonly TaskCompletionSource<string> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    private MutterSession(DBusConnection bus, ILogger logger)
    {
        _bus = bus;
        _logger = logger;
    }

    /// <summary>The RemoteDesktop session's object path (where input goes).</summary>
    public string RemoteDesktopPath { get; private set; } = "";

    /// <summary>The ScreenCast session's object path.</summary>
    public string ScreenCastPath { get; private set; } = "";

    /// <summary>The recorded stream's object path (absolute pointer motion refers to it).</summary>
    public string StreamPath { get; private set; } = "";

    /// <summary>The PipeWire node of the stream.</summary>
    public uint NodeId { get; private set; }

    /// <summary>The monitor's connector (RecordMonitor), or null for a virtual monitor.</summary>
    public string? Connector { get; private set; }

    /// <summary>What the session records.</summary>
    public MutterRecording Recording { get; private set; }

    /// <summary>
    /// The stream's size, the space of absolute pointer motion: a monitor's logical size from its <c>Parameters</c>
    /// when Mutter reports it; a virtual monitor's size is the one of its newest frame (it follows the negotiated
    /// format, so it changes when the viewer's size is followed).
    /// </summary>
    public (int Width, int Height)? StreamSize
    {
        get
        {
            lock (_sizeGate)
            {
                return _streamSize;
            }
        }

        private set
        {
            lock (_sizeGate)
            {
                _streamSize = value;
            }
        }
    }

    private readonly Lock _sizeGate = new();
    private (int Width, int Height)? _streamSize;

    /// <summary>A virtual monitor's frame arrived or its format was negotiated: that size is the stream's (a monitor keeps its logical size).</summary>
    internal void OnStreamSized(int width, int height)
    {
        if (Recording == MutterRecording.Virtual && width > 0 && height > 0)
        {
            StreamSize = (width, height);
        }
    }

    /// <summary>Completes with the reason when the session ends; faults when the D-Bus connection is lost.</summary>
    public Task<string> Closed => _closed.Task;

    /// <summary>Whether <see cref="DisposeAsync"/> (not Mutter) ended it.</summary>
    public bool ClosedByUs { get; private set; }

    /// <summary>Connects to the session bus and starts a linked session recording one stream.</summary>
    public static async Task<MutterSession> StartAsync(GnomeEnvironment environment, MutterRecording recording, string? connector, MutterCursorMode cursor, ILogger logger, CancellationToken cancellationToken)
    {
        var bus = await environment.ConnectAsync(new DBusConnectionOptions { DefaultTimeout = TimeSpan.FromSeconds(5) }, cancellationToken).ConfigureAwait(false);
        var session = new MutterSession(bus, logger);
        try
        {
            await session.StartCoreAsync(recording, connector, cursor, cancellationToken).ConfigureAwait(false);
            return session;
        }
        catch
        {
            await session.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private async Task StartCoreAsync(MutterRecording recording, string? connector, MutterCursorMode cursor, CancellationToken cancellationToken)
    {
        _ = _bus.Completion.ContinueWith(
            t => _closed.TrySetException(new MutterException("the D-Bus connection to Mutter was lost", t.Exception?.InnerException ?? new DBusConnectionException("connection closed"))),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

        var screenCastOwner = await _bus.GetNameOwnerAsync(MutterNames.ScreenCast, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new MutterException($"{MutterNames.ScreenCast} is not on the session bus (not a GNOME session, or mutter is not running)");
        var remoteDesktopOwner = await _bus.GetNameOwnerAsync(MutterNames.RemoteDesktop, cancellationToken: cancellationToken).ConfigureAwait(false)
            ?? throw new MutterException($"{MutterNames.RemoteDesktop} is not on the session bus (not a GNOME session, or mutter is not running)");

        // Mutter leaving the bus (a crash, a restart) ends the session as surely as its Closed signal
        await SubscribeAsync(
            new MatchRule { Sender = "org.freedesktop.DBus", Interface = "org.freedesktop.DBus", Member = "NameOwnerChanged", Arg0 = MutterNames.ScreenCast },
            message =>
            {
                if (message.Body.Count == 3 && message.Body[2] is string { Length: 0 })
                {
                    _closed.TrySetResult("mutter left the session bus");
                }
            },
            cancellationToken).ConfigureAwait(false);

        var rd = await _bus.CallMethodAsync(MutterNames.RemoteDesktop, MutterNames.RemoteDesktopPath, MutterNames.RemoteDesktop, "CreateSession", cancellationToken: cancellationToken).ConfigureAwait(false);
        RemoteDesktopPath = PathOf(rd.Body[0]);
        await SubscribeAsync(
            new MatchRule { Sender = remoteDesktopOwner, Path = RemoteDesktopPath, Interface = MutterNames.RemoteDesktopSession, Member = "Closed" },
            _ => _closed.TrySetResult("mutter closed the remote desktop session"),
            cancellationToken).ConfigureAwait(false);
        var sessionId = await _bus.GetPropertyAsync<string>(MutterNames.RemoteDesktop, RemoteDesktopPath, MutterNames.RemoteDesktopSession, "SessionId", cancellationToken: cancellationToken).ConfigureAwait(false);

        var sc = await _bus.CallMethodAsync(
            MutterNames.ScreenCast,
            MutterNames.ScreenCastPath,
            MutterNames.ScreenCast,
            "CreateSession",
            "a{sv}",
            [new Dictionary<string, DBusVariant> { ["remote-desktop-session-id"] = new("s", sessionId) }],
            cancellationToken: cancellationToken).ConfigureAwait(false);
        ScreenCastPath = PathOf(sc.Body[0]);
        await SubscribeAsync(
            new MatchRule { Sender = screenCastOwner, Path = ScreenCastPath, Interface = MutterNames.ScreenCastSession, Member = "Closed" },
            _ => _closed.TrySetResult("mutter closed the screen cast session"),
            cancellationToken).ConfigureAwait(false);

        Recording = recording;
        var properties = new Dictionary<string, DBusVariant> { ["cursor-mode"] = new("u", (uint)cursor) };
        DBusMessage record;
        if (recording == MutterRecording.Monitor)
        {
            Connector = connector ?? await FirstMonitorAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                record = await CallScreenCastSessionAsync("RecordMonitor", "sa{sv}", [Connector, properties], cancellationToken).ConfigureAwait(false);
            }
            catch (DBusErrorException exception)
            {
                throw new MutterException($"Mutter cannot record monitor '{Connector}': {exception.ErrorMessage}", exception);
            }
        }
        else
        {
            record = await CallScreenCastSessionAsync("RecordVirtual", "a{sv}", [properties], cancellationToken).ConfigureAwait(false);
        }

        StreamPath = PathOf(record.Body[0]);

        // the node id arrives as a signal after Start: subscribe first
        var node = new TaskCompletionSource<uint>(TaskCreationOptions.RunContinuationsAsynchronously);
        await SubscribeAsync(
            new MatchRule { Sender = screenCastOwner, Path = StreamPath, Interface = MutterNames.ScreenCastStream, Member = "PipeWireStreamAdded" },
            message =>
            {
                if (message.Body.Count == 1 && message.Body[0] is uint id)
                {
                    node.TrySetResult(id);
                }
            },
            cancellationToken).ConfigureAwait(false);

        await CallRemoteDesktopAsync("Start", "", [], cancellationToken).ConfigureAwait(false);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(StreamTimeout);
        var first = await Task.WhenAny(node.Task, _closed.Task, Task.Delay(Timeout.Infinite, limit.Token)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == _closed.Task)
        {
            throw new MutterException("Mutter ended the session before its stream started: " + await DescribeEndAsync(_closed.Task).ConfigureAwait(false));
        }

        if (first != node.Task)
        {
            throw new MutterException(string.Create(CultureInfo.InvariantCulture, $"Mutter did not announce the stream's PipeWire node within {StreamTimeout.TotalSeconds:0} s"));
        }

        NodeId = await node.Task.ConfigureAwait(false);
        StreamSize = await StreamSizeAsync(cancellationToken).ConfigureAwait(false);
        Log.Started(_logger, RemoteDesktopPath, Connector ?? "a virtual monitor", NodeId);
    }

    /// <summary>Calls a method of the RemoteDesktop session (input, Start, Stop).</summary>
    public Task<DBusMessage> CallRemoteDesktopAsync(string member, string signature, IReadOnlyList<object> args, CancellationToken cancellationToken) =>
        _bus.CallMethodAsync(MutterNames.RemoteDesktop, RemoteDesktopPath, MutterNames.RemoteDesktopSession, member, signature, args, cancellationToken: cancellationToken);

    /// <summary>The reason in words of an ended session's <see cref="Closed"/> task.</summary>
    public static async Task<string> DescribeEndAsync(Task<string> closed)
    {
        try
        {
            return await closed.ConfigureAwait(false);
        }
        catch (MutterException exception)
        {
            return exception.Message + (exception.InnerException is { } inner ? " (" + inner.Message + ")" : "");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        if (!_closed.Task.IsCompleted && RemoteDesktopPath.Length > 0)
        {
            ClosedByUs = true;
            try
            {
                await CallRemoteDesktopAsync("Stop", "", [], CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is DBusErrorException or TimeoutException or DBusConnectionException)
            {
                Log.StopFailed(_logger, RemoteDesktopPath, exception.Message);
            }
        }

        ClosedByUs = true;
        _closed.TrySetResult("stopped");
        foreach (var subscription in _subscriptions)
        {
            await subscription.DisposeAsync().ConfigureAwait(false);
        }

        await _bus.DisposeAsync().ConfigureAwait(false);
    }

    private async Task SubscribeAsync(MatchRule rule, Action<DBusMessage> handler, CancellationToken cancellationToken) =>
        _subscriptions.Add(await _bus.SubscribeAsync(rule, handler, cancellationToken).ConfigureAwait(false));

    private Task<DBusMessage> CallScreenCastSessionAsync(string member, string signature, IReadOnlyList<object> args, CancellationToken cancellationToken) =>
        _bus.CallMethodAsync(MutterNames.ScreenCast, ScreenCastPath, MutterNames.ScreenCastSession, member, signature, args, cancellationToken: cancellationToken);

    /// <summary>The connector of the first monitor in DisplayConfig.GetCurrentState (e.g. Meta-0 headless, eDP-1 on a laptop).</summary>
    private async Task<string> FirstMonitorAsync(CancellationToken cancellationToken)
    {
        DBusMessage state;
        try
        {
            state = await _bus.CallMethodAsync(MutterNames.DisplayConfig, MutterNames.DisplayConfigPath, MutterNames.DisplayConfig, "GetCurrentState", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (DBusErrorException exception)
        {
            throw new MutterException($"Mutter's DisplayConfig did not list the monitors ({exception.ErrorName}: {exception.ErrorMessage}); set capture.gnome.connector", exception);
        }

        // (u serial, a((ssss)a(siiddada{sv})a{sv}) monitors, …): monitors[i][0] = (connector, vendor, product, serial)
        if (state.Body.Count > 1 && state.Body[1] is object[] { Length: > 0 } monitors && monitors[0] is DBusStruct monitor
            && monitor[0] is DBusStruct spec && spec[0] is string name)
        {
            return name;
        }

        throw new MutterException("Mutter reports no monitor to record; use capture.gnome.mode = \"virtual\"");
    }

    private async Task<(int Width, int Height)?> StreamSizeAsync(CancellationToken cancellationToken)
    {
        try
        {
            var parameters = await _bus.GetPropertyAsync<Dictionary<string, DBusVariant>>(MutterNames.ScreenCast, StreamPath, MutterNames.ScreenCastStream, "Parameters", cancellationToken: cancellationToken).ConfigureAwait(false);
            return parameters.TryGetValue("size", out var size) && size.Value is DBusStruct { Count: 2 } pair && pair[0] is int width && pair[1] is int height
                ? (width, height)
                : null;
        }
        catch (DBusErrorException)
        {
            // an older mutter without Parameters: the capture's negotiated size is used instead
            return null;
        }
    }

    private static string PathOf(object value) => value switch
    {
        ObjectPath path => path.Value,
        string text => text,
        _ => throw new MutterException($"Mutter answered {value} where an object path was expected"),
    };

    private static partial class Log
    {
        [LoggerMessage(EventIds.SessionStarted, LogLevel.Information, "Mutter session {Session} started: recording {Source}, PipeWire node {Node}")]
        public static partial void Started(ILogger logger, string session, string source, uint node);

        [LoggerMessage(EventIds.SessionStopFailed, LogLevel.Debug, "Stopping Mutter session {Session} failed: {Reason}")]
        public static partial void StopFailed(ILogger logger, string session, string reason);
    }
}
