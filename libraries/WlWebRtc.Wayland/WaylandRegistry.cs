namespace WlWebRtc.Wayland;

/// <summary>A global the compositor offers.</summary>
internal sealed record WaylandGlobal(uint Name, string Interface, uint Version);

/// <summary>The wl_registry of a connection: the globals offered (kept current) and binding to them.</summary>
internal sealed class WaylandRegistry
{
    private readonly WaylandConnection _connection;
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, WaylandGlobal> _globals = [];
    private readonly uint _id;

    private WaylandRegistry(WaylandConnection connection)
    {
        _connection = connection;
        _id = connection.GetRegistry(OnEvent);
    }

    /// <summary>Gets the registry and waits until the compositor has announced every global.</summary>
    public static async Task<WaylandRegistry> CreateAsync(WaylandConnection connection, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var registry = new WaylandRegistry(connection);
        await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
        return registry;
    }

    public IReadOnlyList<WaylandGlobal> Globals
    {
        get
        {
            lock (_gate)
            {
                return [.. _globals.Values.OrderBy(g => g.Name)];
            }
        }
    }

    /// <summary>
    /// A global was announced (on the connection's reader thread; also for those of the first roundtrip). A handler may
    /// bind it; it must not wait for the connection.
    /// </summary>
    public event Action<WaylandGlobal>? GlobalAdded;

    public WaylandGlobal? Find(string interfaceName) => Globals.FirstOrDefault(g => g.Interface == interfaceName);

    public IReadOnlyList<WaylandGlobal> FindAll(string interfaceName) => [.. Globals.Where(g => g.Interface == interfaceName)];

    /// <summary>wl_registry.bind at <paramref name="version"/> (capped by what the compositor offers); returns the new object's id.</summary>
    public uint Bind(WaylandGlobal global, uint version, WaylandEventHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(global);
        var id = _connection.AllocateId();
        if (handler is not null)
        {
            _connection.On(id, handler);
        }

        Span<byte> buffer = stackalloc byte[WireWriter.MaxMessageSize];
        var writer = new WireWriter(buffer);
        writer.Begin(_id, 0);
        writer.Uint(global.Name);
        writer.String(global.Interface);
        writer.Uint(Math.Min(version, global.Version));
        writer.Uint(id);
        writer.End();
        _connection.Send(writer.Written);
        return id;
    }

    private void OnEvent(ushort opcode, ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        var name = reader.Uint();
        if (opcode == 0)
        {
            var interfaceName = reader.String() ?? throw new WaylandProtocolException("wl_registry.global without an interface name.");
            var version = reader.Uint();
            var global = new WaylandGlobal(name, interfaceName, version);
            lock (_gate)
            {
                _globals[name] = global;
            }

            GlobalAdded?.Invoke(global);
        }
        else if (opcode == 1)
        {
            lock (_gate)
            {
                _globals.Remove(name);
            }
        }
    }
}
