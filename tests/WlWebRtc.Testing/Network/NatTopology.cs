using System.Globalization;

namespace WlWebRtc.Testing.Network;

/// <summary>
/// A server behind a NAT router, built from two named network namespaces and two veth pairs:
/// <code>
/// root namespace (the "internet": Chromium, coturn)  PublicGateway 100.a.b.1
///    └─ veth ── router namespace: WAN PublicAddress 100.a.b.2, LAN 192.168.77.1, nft masquerade + DNAT port forwards
///                 └─ veth ── server namespace: ServerAddress 192.168.77.2, default route via the router
/// </code>
/// The public side is a /24 of 100.64.0.0/10 (shared address space) not used on this machine, picked at random, and
/// every name carries this process's id and a counter, so parallel runs do not clash. The server's private address is
/// not routed from the root namespace. Dispose kills what runs in the namespaces and deletes them (the veth pairs go
/// with them); namespaces left by a killed test run are deleted by the next <see cref="CreateAsync"/>.
/// </summary>
public sealed class NatTopology : IAsyncDisposable
{
    /// <summary>The server's address on its private LAN.</summary>
    public const string ServerAddress = "192.168.77.2";

    private const string Prefix = "wlwnat-";
    private const string RouterLan = "192.168.77.1";
    private static int s_counter;
    private int _disposed;

    private NatTopology(string name, string interfacePrefix, string publicSubnet)
    {
        RouterNamespace = name + "-r";
        ServerNamespace = name + "-s";
        RootInterface = interfacePrefix + "a";
        PublicGateway = publicSubnet + ".1";
        PublicAddress = publicSubnet + ".2";
    }

    /// <summary>The namespace the server runs in (<c>ip netns exec</c>).</summary>
    public string ServerNamespace { get; }

    public string RouterNamespace { get; }

    /// <summary>The root namespace's end of the WAN link (name it in coturn's listening address, Chromium uses it).</summary>
    public string PublicGateway { get; }

    /// <summary>The router's public (WAN) address: what the server's traffic is masqueraded to.</summary>
    public string PublicAddress { get; }

    public string RootInterface { get; }

    /// <summary>The command prefix that runs a program in the server's namespace.</summary>
    public IReadOnlyList<string> ServerCommandPrefix => ["ip", "netns", "exec", ServerNamespace];

    public static async Task<NatTopology> CreateAsync()
    {
        await Task.Run(() => NetworkNamespace.DeleteStale(Prefix)).ConfigureAwait(false);
        var id = Environment.ProcessId.ToString(CultureInfo.InvariantCulture) + "-" + Interlocked.Increment(ref s_counter).ToString(CultureInfo.InvariantCulture);
        var interfacePrefix = "wn" + Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.Next()))[..6];
        var topology = new NatTopology(Prefix + id, interfacePrefix, NetworkNamespace.PickFreeSubnet());
        try
        {
            await Task.Run(() => topology.Build(interfacePrefix)).ConfigureAwait(false);
            return topology;
        }
        catch
        {
            await topology.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Port forward: TCP or UDP to the router's public address on <paramref name="port"/> goes to the server.</summary>
    public void Forward(string protocol, int port) =>
        Nft(RouterNamespace, $"add rule ip nat prerouting ip daddr {PublicAddress} {protocol} dport {port} counter dnat to {ServerAddress}:{port}");

    /// <summary>Drops all UDP the router would forward (a network that blocks UDP), both ways.</summary>
    public void BlockUdp() => Nft(RouterNamespace, "add rule ip filter forward meta l4proto udp counter drop");

    /// <summary>The command prefix that runs a program in the router's namespace (a service on <see cref="PublicAddress"/>).</summary>
    public IReadOnlyList<string> RouterCommandPrefix => ["ip", "netns", "exec", RouterNamespace];

    /// <summary>
    /// Drops all UDP from the server's LAN at the router, forwarded or addressed to the router itself (a service run in
    /// its namespace): the server can only use TCP.
    /// </summary>
    public void BlockUdpFromServer()
    {
        BlockUdp();
        Run(["ip", "netns", "exec", RouterNamespace, "nft", "-f", "-"], "table ip filter {\n  chain input { type filter hook input priority filter; ip saddr " + ServerAddress + " meta l4proto udp counter drop; }\n}\n");
    }

    /// <summary>The router's rules with their counters (for a test's log).</summary>
    public string RouterRules() => Run(["ip", "netns", "exec", RouterNamespace, "nft", "list", "ruleset"]);

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            foreach (var ns in new[] { ServerNamespace, RouterNamespace })
            {
                NetworkNamespace.Delete(ns);
            }
        }

        return ValueTask.CompletedTask;
    }

    private void Build(string interfacePrefix)
    {
        string wanRoot = interfacePrefix + "a", wanRouter = interfacePrefix + "b", lanRouter = interfacePrefix + "c", lanServer = interfacePrefix + "d";
        Run(["ip", "netns", "add", RouterNamespace]);
        Run(["ip", "netns", "add", ServerNamespace]);
        Run(["ip", "link", "add", wanRoot, "type", "veth", "peer", "name", wanRouter, "netns", RouterNamespace]);
        Run(["ip", "link", "add", lanRouter, "netns", RouterNamespace, "type", "veth", "peer", "name", lanServer, "netns", ServerNamespace]);
        Run(["ip", "addr", "add", PublicGateway + "/24", "dev", wanRoot]);
        Run(["ip", "link", "set", wanRoot, "up"]);
        InNamespace(RouterNamespace, "ip", "link", "set", "lo", "up");
        InNamespace(RouterNamespace, "ip", "addr", "add", PublicAddress + "/24", "dev", wanRouter);
        InNamespace(RouterNamespace, "ip", "addr", "add", RouterLan + "/24", "dev", lanRouter);
        InNamespace(RouterNamespace, "ip", "link", "set", wanRouter, "up");
        InNamespace(RouterNamespace, "ip", "link", "set", lanRouter, "up");
        InNamespace(RouterNamespace, "ip", "route", "add", "default", "via", PublicGateway);
        InNamespace(RouterNamespace, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1");
        InNamespace(ServerNamespace, "ip", "link", "set", "lo", "up");
        InNamespace(ServerNamespace, "ip", "addr", "add", ServerAddress + "/24", "dev", lanServer);
        InNamespace(ServerNamespace, "ip", "link", "set", lanServer, "up");
        InNamespace(ServerNamespace, "ip", "route", "add", "default", "via", RouterLan);
        // Linux masquerade keeps the source port when it can (so a STUN-mapped port is the one checks later use) and
        // filters by the full 5-tuple: an endpoint-dependent ("port-restricted") NAT, the common home router.
        Run(["ip", "netns", "exec", RouterNamespace, "nft", "-f", "-"], $"""
            table ip nat {'{'}
              chain prerouting {'{'} type nat hook prerouting priority dstnat; {'}'}
              chain postrouting {'{'} type nat hook postrouting priority srcnat; oifname "{wanRouter}" counter masquerade; {'}'}
            {'}'}
            table ip filter {'{'}
              chain forward {'{'} type filter hook forward priority filter; {'}'}
            {'}'}
            """);
    }

    private static void InNamespace(string ns, params string[] command) => Run(["ip", "netns", "exec", ns, .. command]);

    private static void Nft(string ns, string rule) => Run(["ip", "netns", "exec", ns, "nft", .. rule.Split(' ')]);

    /// <summary>Runs a command and returns its output; throws with its stderr when it fails.</summary>
    public static string Run(IReadOnlyList<string> command, string? input = null) => NetworkNamespace.Run(command, input);
}
