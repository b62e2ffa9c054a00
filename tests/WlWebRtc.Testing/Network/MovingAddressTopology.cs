using System.Globalization;

namespace WlWebRtc.Testing.Network;

/// <summary>
/// A server whose media address moves while a viewer watches, built from one named network namespace and two veth pairs:
/// <code>
/// root namespace (Chromium)  ControlGateway  ── veth ── server namespace: ControlAddress (HTTP, signaling; never moves)
///                            FirstGateway,
///                            SecondGateway   ── veth ── server namespace: MediaInterface, FirstAddress at start
/// </code>
/// <see cref="MoveMediaAddress"/> adds <see cref="SecondAddress"/> to the media interface and removes
/// <see cref="FirstAddress"/> (a DHCP renumbering, a handover); the signaling link stays up, so the viewer's WebSocket
/// lives on and only ICE has to follow. The root side has both gateways from the start (the browser's own interfaces
/// do not change). Subnets are free /24s of 100.64.0.0/10; names carry this process's id and a counter; Dispose kills
/// what runs in the namespace and deletes it (the veth pairs go with it); leftovers of a killed run are deleted by the
/// next <see cref="CreateAsync"/>.
/// </summary>
public sealed class MovingAddressTopology : IAsyncDisposable
{
    private const string Prefix = "wlwmove-";
    private static int s_counter;
    private int _disposed;

    private MovingAddressTopology(string name, string interfacePrefix, string control, string first, string second)
    {
        ServerNamespace = name;
        InterfacePrefix = interfacePrefix;
        ControlGateway = control + ".1";
        ControlAddress = control + ".2";
        FirstGateway = first + ".1";
        FirstAddress = first + ".2";
        SecondGateway = second + ".1";
        SecondAddress = second + ".2";
    }

    public string ServerNamespace { get; }

    /// <summary>The server's signaling (HTTP) address.</summary>
    public string ControlAddress { get; }

    public string ControlGateway { get; }

    /// <summary>The media interface's address at start.</summary>
    public string FirstAddress { get; }

    public string FirstGateway { get; }

    /// <summary>The media interface's address after <see cref="MoveMediaAddress"/>.</summary>
    public string SecondAddress { get; }

    public string SecondGateway { get; }

    /// <summary>The server-side name of the media interface (what <c>transport.webrtc.interfaces</c> names).</summary>
    public string MediaInterface => InterfacePrefix + "d";

    /// <summary>The command prefix that runs a program in the server's namespace.</summary>
    public IReadOnlyList<string> ServerCommandPrefix => ["ip", "netns", "exec", ServerNamespace];

    private string InterfacePrefix { get; }

    public static async Task<MovingAddressTopology> CreateAsync()
    {
        await Task.Run(() => NetworkNamespace.DeleteStale(Prefix)).ConfigureAwait(false);
        var id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture);
        var interfacePrefix = "wm" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var subnets = new HashSet<string>();
        while (subnets.Count < 3)
        {
            subnets.Add(NetworkNamespace.PickFreeSubnet());
        }

        var names = subnets.ToArray();
        var topology = new MovingAddressTopology(Prefix + id, interfacePrefix, names[0], names[1], names[2]);
        try
        {
            await Task.Run(topology.Build).ConfigureAwait(false);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Adds <see cref="SecondAddress"/> to the media interface, then removes <see cref="FirstAddress"/>.</summary>
    public void MoveMediaAddress()
    {
        NetworkNamespace.Exec(ServerNamespace, "ip", "addr", "add", SecondAddress + "/24", "dev", MediaInterface);
        NetworkNamespace.Exec(ServerNamespace, "ip", "addr", "del", FirstAddress + "/24", "dev", MediaInterface);
    }

    /// <summary>The server namespace's addresses (for a test's log).</summary>
    public string Addresses() => NetworkNamespace.Exec(ServerNamespace, "ip", "-brief", "addr");

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            NetworkNamespace.Delete(ServerNamespace);
        }

        return ValueTask.CompletedTask;
    }

    private void Build()
    {
        string controlRoot = InterfacePrefix + "a", controlServer = InterfacePrefix + "b", mediaRoot = InterfacePrefix + "c";
        Run(["ip", "netns", "add", ServerNamespace]);
        Run(["ip", "link", "add", controlRoot, "type", "veth", "peer", "name", controlServer, "netns", ServerNamespace]);
        Run(["ip", "link", "add", mediaRoot, "type", "veth", "peer", "name", MediaInterface, "netns", ServerNamespace]);
        Run(["ip", "addr", "add", ControlGateway + "/24", "dev", controlRoot]);
        Run(["ip", "addr", "add", FirstGateway + "/24", "dev", mediaRoot]);
        Run(["ip", "addr", "add", SecondGateway + "/24", "dev", mediaRoot]);
        Run(["ip", "link", "set", controlRoot, "up"]);
        Run(["ip", "link", "set", mediaRoot, "up"]);
        NetworkNamespace.Exec(ServerNamespace, "ip", "link", "set", "lo", "up");
        NetworkNamespace.Exec(ServerNamespace, "ip", "addr", "add", ControlAddress + "/24", "dev", controlServer);
        NetworkNamespace.Exec(ServerNamespace, "ip", "addr", "add", FirstAddress + "/24", "dev", MediaInterface);
        NetworkNamespace.Exec(ServerNamespace, "ip", "link", "set", controlServer, "up");
        NetworkNamespace.Exec(ServerNamespace, "ip", "link", "set", MediaInterface, "up");
    }

    private static void Run(IReadOnlyList<string> command) => NetworkNamespace.Run(command);
}
