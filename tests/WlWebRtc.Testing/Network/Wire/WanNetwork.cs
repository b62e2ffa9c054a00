using System.Globalization;

namespace WlWebRtc.Testing.Network.Wire;

/// <summary>
/// Two network namespaces joined only by the user-space wire (<see cref="WanWire"/>):
/// <code>
/// server namespace: lo, TUN wan0 10.77.0.1 ⇄ [ WanWire in this process: delay, jitter, loss, bottleneck, schedule ] ⇄ viewer namespace: lo, TUN wan0 10.77.0.2
///   └─ veth (management only: the test reaches the server's HTTP port to see it is up) ── root namespace
/// </code>
/// The server side runs the sender (our server, or the reference sender), the viewer side Chromium; every packet
/// between them, signalling included, crosses the wire. The management veth ends at the server namespace (the viewer
/// cannot reach it: no route), on a free /24 of 100.64.0.0/10. IPv6 is off in both namespaces (no router
/// solicitations on the wire). The TUN devices live as long as this object; a wire is started per run
/// (<see cref="StartWire"/>) so each run's schedule starts with its viewer. Names carry this process's id; namespaces
/// left by a killed run are deleted by the next <see cref="Create"/>.
/// </summary>
public sealed class WanNetwork : IDisposable
{
    /// <summary>The server side's address on the wire.</summary>
    public const string ServerAddress = "10.77.0.1";

    /// <summary>The viewer side's address on the wire.</summary>
    public const string ViewerAddress = "10.77.0.2";

    private const string Prefix = "wlwwan-";
    private const string TunName = "wan0";
    private static int s_counter;
    private int _disposed;

    private WanNetwork(string name, string managementSubnet)
    {
        ServerNamespace = name + "-s";
        ViewerNamespace = name + "-v";
        ManagementAddress = managementSubnet + ".2";
        RootManagementAddress = managementSubnet + ".1";
    }

    public string ServerNamespace { get; }

    public string ViewerNamespace { get; }

    /// <summary>The server namespace's address on the management veth, reachable from the root namespace only.</summary>
    public string ManagementAddress { get; }

    public string RootManagementAddress { get; }

    public TunDevice? ServerTun { get; private set; }

    public TunDevice? ViewerTun { get; private set; }

    /// <summary>The command prefix that runs a program on the server side.</summary>
    public IReadOnlyList<string> ServerCommandPrefix => ["ip", "netns", "exec", ServerNamespace];

    /// <summary>The command prefix that runs a program on the viewer side.</summary>
    public IReadOnlyList<string> ViewerCommandPrefix => ["ip", "netns", "exec", ViewerNamespace];

    /// <summary>Builds the namespaces, the TUN devices and the management veth (root only).</summary>
    public static WanNetwork Create()
    {
        NetworkNamespace.DeleteStale(Prefix);
        var id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture);
        var network = new WanNetwork(Prefix + id, NetworkNamespace.PickFreeSubnet());
        try
        {
            network.Build("ww" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6]);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>Starts a wire shaped by <paramref name="down"/> (server → viewer) and <paramref name="up"/>; its schedule starts now.</summary>
    public WanWire StartWire(LinkShape down, LinkShape up, int seed = 14) =>
        WanWire.Start(ServerTun ?? throw new ObjectDisposedException(nameof(WanNetwork)), ViewerTun!, down, up, seed);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        NetworkNamespace.Delete(ViewerNamespace);
        NetworkNamespace.Delete(ServerNamespace);
        ServerTun?.Dispose();
        ViewerTun?.Dispose();
    }

    private void Build(string vethPrefix)
    {
        string rootEnd = vethPrefix + "a", serverEnd = vethPrefix + "b";
        foreach (var (ns, address, peer) in new[] { (ServerNamespace, ServerAddress, ViewerAddress), (ViewerNamespace, ViewerAddress, ServerAddress) })
        {
            NetworkNamespace.Run(["ip", "netns", "add", ns]);
            NetworkNamespace.Exec(ns, "ip", "link", "set", "lo", "up");
            NetworkNamespace.Exec(ns, "sysctl", "-q", "-w", "net.ipv6.conf.all.disable_ipv6=1", "net.ipv6.conf.default.disable_ipv6=1");
            var tun = TunDevice.Create(ns, TunName);
            if (ns == ServerNamespace)
            {
                ServerTun = tun;
            }
            else
            {
                ViewerTun = tun;
            }

            NetworkNamespace.Exec(ns, "ip", "addr", "add", address, "peer", peer + "/32", "dev", TunName);
            NetworkNamespace.Exec(ns, "ip", "link", "set", TunName, "mtu", "1500", "txqueuelen", "1000", "up");
        }

        NetworkNamespace.Run(["ip", "link", "add", rootEnd, "type", "veth", "peer", "name", serverEnd, "netns", ServerNamespace]);
        NetworkNamespace.Run(["ip", "addr", "add", RootManagementAddress + "/24", "dev", rootEnd]);
        NetworkNamespace.Run(["ip", "link", "set", rootEnd, "up"]);
        NetworkNamespace.Exec(ServerNamespace, "ip", "addr", "add", ManagementAddress + "/24", "dev", serverEnd);
        NetworkNamespace.Exec(ServerNamespace, "ip", "link", "set", serverEnd, "up");
    }
}
