using System.Net;
using WlWebRtc.Transport.WebRtc.Plugin;

namespace WlWebRtc.WebRtc.Tests.Plugin;

public sealed class HostAddressFilterTests
{
    private static readonly NetworkInterfaceInfo Loopback = new("lo", true, [IPAddress.Loopback, IPAddress.IPv6Loopback]);
    private static readonly NetworkInterfaceInfo Uplink = new("eth0", false, [IPAddress.Parse("192.168.1.20"), IPAddress.Parse("169.254.3.4"), IPAddress.Parse("fe80::1"), IPAddress.Parse("2001:db8::20")]);
    private static readonly NetworkInterfaceInfo Docker = new("docker0", false, [IPAddress.Parse("172.17.0.1")]);
    private static readonly NetworkInterfaceInfo ComposeBridge = new("br-3f2a", false, [IPAddress.Parse("172.18.0.1")]);
    private static readonly NetworkInterfaceInfo Libvirt = new("virbr0", false, [IPAddress.Parse("192.168.122.1")]);
    private static readonly NetworkInterfaceInfo ContainerEnd = new("veth12ab", false, [IPAddress.Parse("10.200.0.1")]);
    private static readonly NetworkInterfaceInfo Vpn = new("wg0", false, [IPAddress.Parse("10.8.0.2")]);
    private static readonly NetworkInterfaceInfo Tunnel = new("tun0", false, [IPAddress.Parse("10.9.0.2")]);
    private static readonly NetworkInterfaceInfo TestNet = new("ens3", false, [IPAddress.Parse("198.51.100.9")]);

    private static string[] Select(IReadOnlyList<NetworkInterfaceInfo> all, string[]? interfaces = null, bool ipv6 = true) =>
        HostAddressFilter.Select(all, interfaces ?? [], HostAddressFilter.DefaultExcludedInterfaces, ipv6).Select(a => a.ToString()).ToArray();

    [Fact]
    public void Select_Defaults_SkipsBridgesLinkLocalAndLoopbackButKeepsUplinksVpnsAndTestNet()
    {
        var selected = Select([Loopback, Uplink, Docker, ComposeBridge, Libvirt, ContainerEnd, Vpn, Tunnel, TestNet]);

        Assert.Equal(["192.168.1.20", "2001:db8::20", "10.8.0.2", "10.9.0.2", "198.51.100.9"], selected);
    }

    [Fact]
    public void Select_OnlyLoopbackUsable_FallsBackToLoopback()
    {
        var selected = Select([Loopback, Docker, new NetworkInterfaceInfo("eth0", false, [IPAddress.Parse("169.254.7.7")])]);

        Assert.Equal(["127.0.0.1", "::1"], selected);
    }

    [Fact]
    public void Select_ServerListensOnLoopback_LoopbackJoinsTheOthers()
    {
        var selected = HostAddressFilter.Select([Loopback, Uplink, Docker], [], HostAddressFilter.DefaultExcludedInterfaces, ipv6: false, listen: IPAddress.Loopback)
            .Select(a => a.ToString());

        Assert.Equal(["192.168.1.20", "127.0.0.1"], selected);
    }

    [Theory]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    [InlineData("192.168.1.20")]
    public void Select_ServerListensBeyondLoopback_NoLoopback(string listen)
    {
        var selected = HostAddressFilter.Select([Loopback, Uplink], [], HostAddressFilter.DefaultExcludedInterfaces, ipv6: true, listen: IPAddress.Parse(listen))
            .Select(a => a.ToString());

        Assert.Equal(["192.168.1.20", "2001:db8::20"], selected);
    }

    [Fact]
    public void Select_Ipv6Off_OnlyIpv4()
    {
        var selected = Select([Loopback, Uplink], ipv6: false);

        Assert.Equal(["192.168.1.20"], selected);
    }

    [Fact]
    public void Select_ExplicitInterfaces_OverrideTheExclusions()
    {
        var selected = Select([Loopback, Uplink, Docker, ContainerEnd], ["lo", "docker0", "veth12ab", "203.0.113.5"], ipv6: false);

        Assert.Equal(["127.0.0.1", "172.17.0.1", "10.200.0.1", "203.0.113.5"], selected);
    }

    [Fact]
    public void Select_ExplicitInterface_StillSkipsItsLinkLocalAddresses()
    {
        var selected = Select([Uplink], ["eth0"]);

        Assert.Equal(["192.168.1.20", "2001:db8::20"], selected);
    }

    [Fact]
    public void Select_CustomExclusions_ReplaceTheDefaults()
    {
        var selected = HostAddressFilter.Select([Uplink, Docker, Vpn], [], ["wg*"], ipv6: false).Select(a => a.ToString());

        Assert.Equal(["192.168.1.20", "172.17.0.1"], selected);
    }

    [Theory]
    [InlineData("docker*", "docker0", true)]
    [InlineData("docker*", "docker", true)]
    [InlineData("docker*", "mydocker0", false)]
    [InlineData("eth0", "eth0", true)]
    [InlineData("eth0", "eth01", false)]
    [InlineData("br-*", "bridge0", false)]
    public void Matches_NameAgainstPattern_PrefixOnlyWithTrailingStar(string pattern, string name, bool expected) =>
        Assert.Equal(expected, HostAddressFilter.Matches(pattern, name));
}
