using System.Net;
using WlWebRtc.Transport.WebRtc.IceServers;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.Transport.WebRtc.Reachability;

namespace WlWebRtc.WebRtc.Tests.Reachability;

/// <summary>ice_mode = auto with a STUN server: what the start-up probe's answers make of it.</summary>
public sealed class ReachabilityTests
{
    private static readonly IPAddress Local = IPAddress.Parse("192.168.1.5");
    private static readonly StunServerUri Stun = new("stun:stun.example.org", "stun.example.org", 3478);

    private static ReachabilityFacts Facts(params string?[] mapped) =>
        new([Local], [.. mapped.Select(m => new MappedAddress(Stun.Uri, Local, m is null ? null : IPEndPoint.Parse(m), m is null ? "no answer" : null))]);

    [Fact]
    public void ResolveMode_MappedAddressIsNotLocal_BehindNatAndFull()
    {
        var facts = Facts("203.0.113.7:40000");
        Assert.True(facts.BehindNat);
        Assert.Equal(IceMode.Full, WebRtcTransportPlugin.ResolveMode(new IceServerSettings { StunServers = [Stun] }, facts));
        Assert.Contains("mapped 203.0.113.7:40000 via stun:stun.example.org (behind NAT)", facts.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveMode_MappedAddressIsLocal_PublicAndLite()
    {
        var facts = Facts("192.168.1.5:40000");
        Assert.True(facts.Public);
        Assert.False(facts.BehindNat);
        Assert.Equal(IceMode.Lite, WebRtcTransportPlugin.ResolveMode(new IceServerSettings { StunServers = [Stun] }, facts));
        Assert.Contains("public address, no NAT", facts.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveMode_NoStunAnswer_FullSinceANatIsNotRuledOut()
    {
        var facts = Facts((string?)null);
        Assert.False(facts.Public);
        Assert.Equal(IceMode.Full, WebRtcTransportPlugin.ResolveMode(new IceServerSettings { StunServers = [Stun] }, facts));
        Assert.Contains("no answer from stun:stun.example.org", facts.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveMode_PublicButTurnConfigured_FullForRelayedCandidates()
    {
        var ice = new IceServerSettings { StunServers = [Stun], TurnServers = ["turn:turn.example.org"] };
        Assert.Equal(IceMode.Full, WebRtcTransportPlugin.ResolveMode(ice, Facts("192.168.1.5:40000")));
    }

    [Fact]
    public void ResolveMode_ExplicitMode_KeptWhateverTheProbeSays()
    {
        Assert.Equal(IceMode.Lite, WebRtcTransportPlugin.ResolveMode(new IceServerSettings { Mode = IceMode.Lite, StunServers = [Stun] }, Facts("203.0.113.7:1")));
        Assert.Equal(IceMode.Full, WebRtcTransportPlugin.ResolveMode(new IceServerSettings { Mode = IceMode.Full }, new ReachabilityFacts([Local], [])));
    }

    [Fact]
    public void ResolveMode_AutoWithoutServers_Lite()
    {
        var facts = new ReachabilityFacts([Local], []);
        Assert.Equal(IceMode.Lite, WebRtcTransportPlugin.ResolveMode(new IceServerSettings(), facts));
        Assert.Contains("no STUN server configured", facts.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void MappedAddress_Ipv4MappedIpv6Answer_ComparedAsIpv4()
    {
        var facts = new ReachabilityFacts([Local], [new MappedAddress(Stun.Uri, Local, new IPEndPoint(Local.MapToIPv6(), 1), null)]);
        Assert.True(facts.Public);
    }
}
