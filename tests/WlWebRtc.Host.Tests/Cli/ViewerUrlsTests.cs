using System.Net;
using WlWebRtc.Host.Server;

namespace WlWebRtc.Host.Tests.Cli;

public sealed class ViewerUrlsTests
{
    private static readonly IPAddress[] Machine =
    [
        IPAddress.Loopback, IPAddress.IPv6Loopback, IPAddress.Parse("192.168.1.20"), IPAddress.Parse("fe80::1"),
        IPAddress.Parse("2001:db8::20"), IPAddress.Parse("::ffff:192.168.1.20"),
    ];

    [Fact]
    public void For_SpecificAddress_ThatAddressOnly()
    {
        var urls = ViewerUrls.For("http", new IPEndPoint(IPAddress.Loopback, 8080), Machine, "a b");

        Assert.Equal(["http://127.0.0.1:8080/?token=a%20b"], urls);
    }

    [Fact]
    public void For_Ipv6Address_Bracketed()
    {
        Assert.Equal(["https://[::1]:8443/?token=t"], ViewerUrls.For("https", new IPEndPoint(IPAddress.IPv6Loopback, 8443), Machine, "t"));
    }

    [Fact]
    public void For_Ipv4Wildcard_LocalhostAndEachReachableIpv4AddressNeverTheWildcard()
    {
        var urls = ViewerUrls.For("http", new IPEndPoint(IPAddress.Any, 8080), Machine, "t");

        Assert.Equal(["http://localhost:8080/?token=t", "http://192.168.1.20:8080/?token=t"], urls);
    }

    [Fact]
    public void For_Ipv6Wildcard_AlsoGlobalIpv6ButNotLinkLocal()
    {
        var urls = ViewerUrls.For("http", new IPEndPoint(IPAddress.IPv6Any, 8080), Machine, "t");

        Assert.Equal(["http://localhost:8080/?token=t", "http://192.168.1.20:8080/?token=t", "http://[2001:db8::20]:8080/?token=t"], urls);
    }
}
