using WlWebRtc.Wayland;
using WlWebRtc.Wayland.DataControl;

namespace WlWebRtc.Kde.Kwin;

/// <summary>What a compositor offers this client, read once from its registry: whether it is KWin and which restricted protocols it opened.</summary>
internal sealed record KwinGlobals(string SocketPath, bool IsKwin, WaylandGlobal? FakeInput, WaylandGlobal? ScreenCast)
{
    private static readonly HashSet<string> KwinOnly = ["kde_output_device_v2", "kde_output_management_v2", "org_kde_plasma_shell", "org_kde_kwin_dpms_manager"];

    /// <summary>The data-control manager (clipboard), when offered.</summary>
    public WaylandGlobal? DataControl { get; init; }

    /// <summary>org_kde_plasma_window_management (the windows and their uuids, for window casts), when granted.</summary>
    public WaylandGlobal? WindowManagement { get; init; }

    /// <summary>The outputs (name, place, current mode), when read with <see cref="ReadAsync"/>.</summary>
    public IReadOnlyList<OutputArea> Outputs { get; init; } = [];

    /// <summary>Connects, reads the registry and disconnects; throws <see cref="WaylandProtocolException"/> when the compositor cannot be reached.</summary>
    public static async Task<KwinGlobals> ReadAsync(string socketPath, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var connection = WaylandConnection.Connect(socketPath, timeout);
        var registry = await WaylandRegistry.CreateAsync(connection, timeout, cancellationToken).ConfigureAwait(false);
        var outputs = registry.FindAll("wl_output").Select(g => new WaylandOutput(registry, g)).ToList();
        await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
        return From(socketPath, registry) with { Outputs = [.. outputs.Select(o => OutputArea.Choose([o], o.Name, 0, 0))] };
    }

    public static KwinGlobals From(string socketPath, WaylandRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);

        // KWin offers its own output and Plasma protocols to every client; others (sway) offer some org_kde_kwin_* ones
        var isKwin = registry.Globals.Any(g => KwinOnly.Contains(g.Interface));
        return new KwinGlobals(socketPath, isKwin, registry.Find(KwinGrant.FakeInput), registry.Find(KwinGrant.ScreenCast))
        {
            DataControl = WlrDataControlClipboard.FindManager(registry),
            WindowManagement = registry.Find(KwinGrant.WindowManagement),
        };
    }

    /// <summary>Why <paramref name="protocol"/> is unusable, or null when it is offered.</summary>
    public string? WhyNot(string protocol, WaylandGlobal? global)
    {
        if (global is not null)
        {
            return null;
        }

        return IsKwin
            ? KwinGrant.Missing(protocol)
            : $"the compositor at {SocketPath} is not KWin (it offers none of KWin's own protocols)";
    }
}
