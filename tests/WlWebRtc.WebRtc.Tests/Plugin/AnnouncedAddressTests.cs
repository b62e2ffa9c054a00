using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using WlWebRtc.Testing;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.Plugin;
using WlWebRtc.WebRtc.Tests.Infrastructure;

namespace WlWebRtc.WebRtc.Tests.Plugin;

public sealed class AnnouncedAddressTests
{
    [Fact]
    public async Task CreateOfferAsync_AnnouncedAddresses_OfferedFirstWithTheFixedPortAndHighestPriority()
    {
        var port = FreePorts.Udp();
        await using var transport = await Start(new()
        {
            ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false", ["port"] = Text(port),
            ["announced_addresses:0"] = "203.0.113.7", ["announced_addresses:1"] = "198.51.100.7",
        });
        await using var session = transport.CreateSession(new PeerSessionOptions("a"), new RecordingObserver());

        var candidates = Candidates((await session.CreateOfferAsync(CancellationToken.None)).Sdp);

        Assert.Equal(["203.0.113.7", "198.51.100.7", "127.0.0.1"], candidates.Select(c => c.Address));
        Assert.All(candidates, c => Assert.Equal(port, c.Port));
        Assert.True(candidates[0].Priority > candidates[1].Priority && candidates[1].Priority > candidates[2].Priority);
        Assert.Equal(3, candidates.Select(c => c.Foundation).Distinct().Count());
    }

    [Fact]
    public async Task CreateOfferAsync_AnnounceLocalOff_OnlyAnnouncedAddresses()
    {
        var port = FreePorts.Udp();
        await using var transport = await Start(new()
        {
            ["interfaces:0"] = "127.0.0.1", ["ipv6"] = "false", ["port"] = Text(port),
            ["announced_addresses:0"] = "203.0.113.7", ["announce_local"] = "false",
        });
        await using var session = transport.CreateSession(new PeerSessionOptions("a"), new RecordingObserver());

        var candidates = Candidates((await session.CreateOfferAsync(CancellationToken.None)).Sdp);

        Assert.Equal(["203.0.113.7"], candidates.Select(c => c.Address));
    }

    [Fact]
    public async Task StartAsync_AnnouncedIpv6WithoutAnIpv6Socket_ClearError()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Start(new()
        {
            ["interfaces:0"] = "127.0.0.1", ["port"] = Text(FreePorts.Udp()), ["announced_addresses:0"] = "2001:db8::7",
        }));

        Assert.Contains("announced_addresses", error.Message, StringComparison.Ordinal);
        Assert.Contains("2001:db8::7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_FixedPortAlreadyInUse_ErrorNamesTheKeyAndTheAddress()
    {
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.Client.LocalEndPoint!).Port;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Start(new() { ["interfaces:0"] = "127.0.0.1", ["port"] = Text(port) }));

        Assert.Contains("transport.webrtc.port", error.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("already in use", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProbeAsync_FixedPortAlreadyInUse_UnavailableWithTheReason()
    {
        using var squatter = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var port = ((IPEndPoint)squatter.Client.LocalEndPoint!).Port;

        var result = await new WebRtcTransportPlugin().ProbeAsync(PatternPipeline.Context(new() { ["interfaces:0"] = "127.0.0.1", ["port"] = Text(port) }, NullLoggerFactory.Instance), CancellationToken.None);

        Assert.False(result.IsAvailable);
        Assert.Contains("transport.webrtc.port", result.Reason, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", result.Reason, StringComparison.Ordinal);
    }

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The candidates of the first media section (every bundled section repeats them).</summary>
    internal static (string Foundation, uint Priority, string Address, int Port)[] Candidates(string sdp) =>
        sdp.Split("\r\n").SkipWhile(l => !l.StartsWith("m=", StringComparison.Ordinal)).Skip(1).TakeWhile(l => !l.StartsWith("m=", StringComparison.Ordinal)).Where(l => l.StartsWith("a=candidate:", StringComparison.Ordinal)).Select(l =>
        {
            var f = l["a=candidate:".Length..].Split(' ');
            return (f[0], uint.Parse(f[3], CultureInfo.InvariantCulture), f[4], int.Parse(f[5], CultureInfo.InvariantCulture));
        }).ToArray();

    private static async Task<ITransport> Start(Dictionary<string, string?> settings) =>
        await new WebRtcTransportPlugin().StartAsync(PatternPipeline.Context(settings, NullLoggerFactory.Instance), CancellationToken.None);
}
