using WlWebRtc.Wayland;

namespace WlWebRtc.Kde.Kwin;

/// <summary>A window as KWin's org_kde_plasma_window_management describes it: its uuid (what a window cast names), title, application and frame.</summary>
internal sealed record KwinWindow(string Uuid, string Title, string AppId, int X, int Y, int Width, int Height, uint State)
{
    /// <summary>org_kde_plasma_window_management.state: the window asks to be left out of task bars (panels, popups).</summary>
    public const uint SkipTaskbar = 1u << 12;

    /// <summary>org_kde_plasma_window_management.state: the window asks to be left out of window switchers.</summary>
    public const uint SkipSwitcher = 1u << 18;

    /// <summary>Whether a user would pick it as a window (it is neither hidden from the task bar nor from switchers).</summary>
    public bool IsListed => (State & (SkipTaskbar | SkipSwitcher)) == 0 && Width > 0 && Height > 0;

    /// <summary>What a person recognises it by: the title, else the application.</summary>
    public string Label => Title.Length > 0 ? Title : AppId.Length > 0 ? AppId : Uuid;
}

/// <summary>
/// One org_kde_plasma_window object on a connection: created with get_window_by_uuid, it follows the window's title,
/// application, state and frame (the geometry event, in KWin's global space) until KWin says it is unmapped (closed).
/// Events arrive on the connection's reader thread; the properties are safe to read from any thread.
/// </summary>
internal sealed class PlasmaWindow
{
    /// <summary>get_window_by_uuid and window_with_uuid arrived in version 13; geometry in 6.</summary>
    public const uint MinVersion = 13;

    /// <summary>The version this client speaks (the events below are those of 16).</summary>
    public const uint MaxVersion = 16;

    // org_kde_plasma_window_management request and event; org_kde_plasma_window events
    private const ushort GetWindowByUuid = 2;
    private const ushort EventWindowWithUuid = 4;
    private const ushort EventTitleChanged = 0;
    private const ushort EventAppIdChanged = 1;
    private const ushort EventStateChanged = 2;
    private const ushort EventUnmapped = 5;
    private const ushort EventInitialState = 6;
    private const ushort EventGeometry = 8;

    /// <summary>The longest title kept (a client chooses its title).</summary>
    private const int MaxTitleLength = 200;

    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _unmapped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _initialState = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private KwinWindow _now;

    private PlasmaWindow(string uuid)
    {
        _now = new KwinWindow(uuid, "", "", 0, 0, 0, 0, 0);
    }

    /// <summary>The window as KWin last described it.</summary>
    public KwinWindow Now
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    /// <summary>Completes when KWin says the window is gone (closed, or no window had this uuid).</summary>
    public Task Unmapped => _unmapped.Task;

    /// <summary>Completes once KWin has sent the window's whole state.</summary>
    public Task InitialState => _initialState.Task;

    /// <summary>Binds the window manager on <paramref name="registry"/>'s connection; <paramref name="onUuid"/> gets every window's uuid KWin announces (on the reader thread).</summary>
    public static uint BindManager(WaylandRegistry registry, WaylandGlobal manager, Action<string> onUuid)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(manager);
        if (manager.Version < MinVersion)
        {
            throw new WaylandProtocolException($"KWin offers {KwinGrant.WindowManagement} v{manager.Version}; window casts need v{MinVersion} (window uuids)");
        }

        return registry.Bind(manager, MaxVersion, (opcode, body) =>
        {
            if (opcode == EventWindowWithUuid)
            {
                var reader = new WireReader(body);
                _ = reader.Uint();
                if (reader.String() is { Length: > 0 } uuid)
                {
                    onUuid(uuid);
                }
            }
        });
    }

    /// <summary>get_window_by_uuid on the bound manager: the window's state follows on the connection.</summary>
    public static PlasmaWindow Get(WaylandConnection connection, uint manager, string uuid)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var window = new PlasmaWindow(uuid);
        var id = connection.AllocateId();
        connection.On(id, window.OnEvent);
        Span<byte> buffer = stackalloc byte[WireWriter.MaxMessageSize];
        var writer = new WireWriter(buffer);
        writer.Begin(manager, GetWindowByUuid);
        writer.Uint(id);
        writer.String(uuid);
        writer.End();
        connection.Send(writer.Written);
        return window;
    }

    /// <summary>
    /// The windows KWin has now, in the order it announced them (at most <paramref name="limit"/>), each with its whole
    /// state, on a connection of its own; throws <see cref="WaylandProtocolException"/> when the manager is not granted.
    /// </summary>
    public static async Task<IReadOnlyList<KwinWindow>> ListAsync(string socketPath, int limit, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var connection = WaylandConnection.Connect(socketPath, timeout);
        var registry = await WaylandRegistry.CreateAsync(connection, timeout, cancellationToken).ConfigureAwait(false);
        var globals = KwinGlobals.From(socketPath, registry);
        if (globals.WhyNot(KwinGrant.WindowManagement, globals.WindowManagement) is { } reason)
        {
            throw new WaylandProtocolException(reason);
        }

        var uuids = new List<string>();
        var manager = BindManager(registry, globals.WindowManagement!, uuid =>
        {
            lock (uuids)
            {
                if (uuids.Count < limit && !uuids.Contains(uuid))
                {
                    uuids.Add(uuid);
                }
            }
        });
        await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
        List<PlasmaWindow> windows;
        lock (uuids)
        {
            windows = [.. uuids.Select(uuid => Get(connection, manager, uuid))];
        }

        // KWin answers get_window_by_uuid with the whole state at once (initial_state last)
        await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
        return [.. windows.Where(w => !w.Unmapped.IsCompleted).Select(w => w.Now)];
    }

    private void OnEvent(ushort opcode, ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        switch (opcode)
        {
            case EventTitleChanged:
                var title = Shorten(reader.String());
                Update(w => w with { Title = title });
                break;
            case EventAppIdChanged:
                var appId = Shorten(reader.String());
                Update(w => w with { AppId = appId });
                break;
            case EventStateChanged:
                var state = reader.Uint();
                Update(w => w with { State = state });
                break;
            case EventGeometry:
                var (x, y) = (reader.Int(), reader.Int());
                var (width, height) = ((int)Math.Min(reader.Uint(), int.MaxValue), (int)Math.Min(reader.Uint(), int.MaxValue));
                Update(w => w with { X = x, Y = y, Width = width, Height = height });
                break;
            case EventInitialState:
                _initialState.TrySetResult();
                break;
            case EventUnmapped:
                _unmapped.TrySetResult();
                _initialState.TrySetResult();
                break;
            default:
                break;
        }
    }

    private static string Shorten(string? text) =>
        text is null ? "" : text.Length <= MaxTitleLength ? text : text[..MaxTitleLength];

    private void Update(Func<KwinWindow, KwinWindow> change)
    {
        lock (_gate)
        {
            _now = change(_now);
        }
    }
}
