using WlWebRtc.Wayland;

namespace WlWebRtc.Input.WlrVirtualInput.Injection;

/// <summary>
/// The compositor's wl_outputs, bound on the injector's connection: those there at start and every one announced
/// later (an output added while input runs, issue 16), so that the virtual pointer can be bound to any output the
/// capture shows. An output's name arrives with its events, a moment after it is bound. Thread-safe.
/// </summary>
internal sealed class BoundOutputs
{
    private readonly WaylandRegistry _registry;
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, WaylandOutput> _byGlobal = [];

    private BoundOutputs(WaylandRegistry registry) => _registry = registry;

    /// <summary>Binds every wl_output <paramref name="registry"/> offers now and each one it announces from now on.</summary>
    public static BoundOutputs Follow(WaylandRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        var outputs = new BoundOutputs(registry);

        // subscribe first: a global announced between the two steps is seen twice, and bound once
        registry.GlobalAdded += outputs.OnGlobal;
        foreach (var global in registry.FindAll(WlrInputInjector.OutputInterface))
        {
            outputs.OnGlobal(global);
        }

        return outputs;
    }

    /// <summary>The outputs bound so far, in the order the compositor announced them.</summary>
    public IReadOnlyList<WaylandOutput> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _byGlobal.OrderBy(p => p.Key).Select(p => p.Value)];
            }
        }
    }

    private void OnGlobal(WaylandGlobal global)
    {
        if (global.Interface != WlrInputInjector.OutputInterface)
        {
            return;
        }

        lock (_gate)
        {
            if (!_byGlobal.ContainsKey(global.Name))
            {
                _byGlobal[global.Name] = new WaylandOutput(_registry, global);
            }
        }
    }
}
