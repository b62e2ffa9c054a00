namespace WlWebRtc.Wayland;

/// <summary>A bound wl_output (version 4 gives its name): name and current mode, as the compositor reports them.</summary>
internal sealed class WaylandOutput
{
    private const uint ModeCurrent = 1;

    private readonly Lock _gate = new();
    private string? _name;
    private (int Width, int Height)? _mode;
    private (int X, int Y) _position;

    public WaylandOutput(WaylandRegistry registry, WaylandGlobal global)
    {
        ArgumentNullException.ThrowIfNull(registry);
        Id = registry.Bind(global, 4, OnEvent);
    }

    public uint Id { get; }

    public string? Name
    {
        get
        {
            lock (_gate)
            {
                return _name;
            }
        }
    }

    public (int Width, int Height)? CurrentMode
    {
        get
        {
            lock (_gate)
            {
                return _mode;
            }
        }
    }

    /// <summary>The output's top-left corner in the global compositor space (wl_output.geometry).</summary>
    public (int X, int Y) Position
    {
        get
        {
            lock (_gate)
            {
                return _position;
            }
        }
    }

    private void OnEvent(ushort opcode, ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        switch (opcode)
        {
            case 0: // geometry(x, y, ...): the output's place in the compositor's global space
                var x = reader.Int();
                var y = reader.Int();
                lock (_gate)
                {
                    _position = (x, y);
                }

                break;
            case 1: // mode(flags, width, height, refresh)
                var flags = reader.Uint();
                var width = reader.Int();
                var height = reader.Int();
                if ((flags & ModeCurrent) != 0)
                {
                    lock (_gate)
                    {
                        _mode = (width, height);
                    }
                }

                break;
            case 4: // name(name)
                var name = reader.String();
                lock (_gate)
                {
                    _name = name;
                }

                break;
            default:
                break; // done, scale, description
        }
    }
}
