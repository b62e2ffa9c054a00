using System.Net;
using WlWebRtc.Ice.Agent;

namespace WlWebRtc.Ice.Tests.Agent;

public sealed class IcePriorityTests
{
    [Theory]
    [InlineData(IceCandidateType.Host, 65535, 1, 2130706431u)]
    [InlineData(IceCandidateType.PeerReflexive, 65535, 1, 1862270975u)]
    [InlineData(IceCandidateType.ServerReflexive, 65535, 1, 1694498815u)]
    [InlineData(IceCandidateType.Relayed, 65535, 1, 16777215u)]
    [InlineData(IceCandidateType.Host, 0, 2, 2113929470u)]
    public void Candidate_Rfc8445Formula_TypeLocalPreferenceComponent(IceCandidateType type, int localPreference, int component, uint expected)
    {
        // 2^24 * type preference + 2^8 * local preference + (256 - component)
        Assert.Equal(expected, IcePriority.Candidate(type, (ushort)localPreference, component));
    }

    [Fact]
    public void Pair_ControllingHigher_MinTimes2Pow32Plus2MaxPlus1()
    {
        const uint g = 2130706431;
        const uint d = 1694498815;

        Assert.Equal(((ulong)d << 32) + (2UL * g) + 1, IcePriority.Pair(g, d));
        Assert.Equal(((ulong)d << 32) + (2UL * g), IcePriority.Pair(d, g));
    }

    [Fact]
    public void Pair_EqualPriorities_NoTieBit()
    {
        Assert.Equal((5UL << 32) + 10, IcePriority.Pair(5, 5));
    }

    [Fact]
    public void Foundation_SameTypeBaseAndServer_SameFoundation_OtherwiseDifferent()
    {
        var a = IPAddress.Parse("10.0.0.1");
        var server = IPAddress.Parse("198.51.100.1");

        Assert.Equal(IcePriority.Foundation(IceCandidateType.ServerReflexive, a, server), IcePriority.Foundation(IceCandidateType.ServerReflexive, a, server));
        Assert.NotEqual(IcePriority.Foundation(IceCandidateType.Host, a, null), IcePriority.Foundation(IceCandidateType.ServerReflexive, a, server));
        Assert.NotEqual(IcePriority.Foundation(IceCandidateType.Host, a, null), IcePriority.Foundation(IceCandidateType.Host, IPAddress.Parse("10.0.0.2"), null));
    }

    [Theory]
    [InlineData("candidate:1 1 udp 2130706431 192.0.2.1 50000 typ host")]
    [InlineData("candidate:842163049 1 udp 1677729535 203.0.113.5 61234 typ srflx raddr 10.0.0.5 rport 50000")]
    [InlineData("candidate:7 1 udp 16777215 2001:db8::9 3478 typ relay raddr 203.0.113.5 rport 61234")]
    public void ParseSdp_ThenToSdp_RoundTrips(string sdp)
    {
        Assert.Equal(sdp, IceCandidate.ParseSdp(sdp).ToSdp());
    }

    [Theory]
    [InlineData("candidate:1 1 tcp 2130706431 192.0.2.1 50000 typ host tcptype passive")]
    [InlineData("candidate:1 1 udp 2130706431 abcd.local 50000 typ host")]
    [InlineData("candidate:1 1 udp x 192.0.2.1 50000 typ host")]
    [InlineData("candidate:1 1 udp 1 192.0.2.1 50000 typ bogus")]
    public void ParseSdp_Unsupported_ThrowsFormatException(string sdp)
    {
        Assert.Throws<FormatException>(() => IceCandidate.ParseSdp(sdp));
    }
}
