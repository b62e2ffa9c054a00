using System.Net;
using Microsoft.Extensions.Configuration;
using WlWebRtc.Transport.WebRtc.Plugin;

namespace WlWebRtc.WebRtc.Tests.Plugin;

public sealed class WebRtcTransportOptionsTests
{
    private static (WebRtcTransportOptions Options, string[] Keys) Read(Dictionary<string, string?> values)
    {
        var (options, errors) = WebRtcTransportOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return (options, errors.Select(e => e.Key).ToArray());
    }

    [Fact]
    public void Read_Defaults_MatchTheDocumentedValues()
    {
        var (options, keys) = Read([]);

        Assert.Empty(keys);
        Assert.Empty(options.Interfaces);
        Assert.Contains("docker*", options.ExcludeInterfaces);
        Assert.DoesNotContain(options.ExcludeInterfaces, p => p.StartsWith("tun", StringComparison.Ordinal) || p.StartsWith("wg", StringComparison.Ordinal));
        Assert.True(options.SinglePort);
        Assert.Equal(0, options.Port);
        Assert.Empty(options.AnnouncedAddresses);
        Assert.True(options.AnnounceLocal);
    }

    [Fact]
    public void Read_EveryUnderscoreKey_IsRead()
    {
        var (options, keys) = Read(new()
        {
            ["interfaces:0"] = "127.0.0.1",
            ["exclude_interfaces:0"] = "eth9*",
            ["ipv6"] = "false",
            ["single_port"] = "true",
            ["port"] = "40123",
            ["announced_addresses:0"] = "203.0.113.7",
            ["announced_addresses:1"] = "2001:db8::7",
            ["announce_local"] = "false",
            ["consent_timeout_seconds"] = "20",
            ["disconnected_timeout_seconds"] = "4",
            ["dtls_resend_ms"] = "300",
            ["dtls_timeout_ms"] = "5000",
            ["playout_delay_zero"] = "false",
            ["max_queued_frames"] = "4",
            ["mtu"] = "1100",
        });

        Assert.Empty(keys);
        Assert.Equal(["eth9*"], options.ExcludeInterfaces);
        Assert.False(options.IPv6);
        Assert.Equal(40123, options.Port);
        Assert.Equal([IPAddress.Parse("203.0.113.7"), IPAddress.Parse("2001:db8::7")], options.AnnouncedAddresses);
        Assert.False(options.AnnounceLocal);
        Assert.Equal(TimeSpan.FromSeconds(20), options.ConsentTimeout);
        Assert.Equal(TimeSpan.FromSeconds(4), options.DisconnectedTimeout);
        Assert.Equal(300, options.DtlsResendMillis);
        Assert.Equal(5000, options.DtlsTimeoutMillis);
        Assert.False(options.PlayoutDelayZero);
        Assert.Equal(4, options.MaxQueuedFrames);
        Assert.Equal(1100, options.Mtu);
    }

    [Fact]
    public void Read_OldHyphenatedKeys_RejectedAsUnknown()
    {
        var (_, keys) = Read(new() { ["single-port"] = "false", ["port-min"] = "40000", ["consent-timeout-seconds"] = "10" });

        Assert.Equal(["consent-timeout-seconds", "port-min", "single-port"], keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Read_AnnouncedAddressesWithoutFixedPort_ErrorNamesBothKeys()
    {
        var (_, keys) = Read(new() { ["announced_addresses:0"] = "203.0.113.7" });
        var errors = WebRtcTransportOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["announced_addresses:0"] = "203.0.113.7" }).Build()).Errors;

        Assert.Equal(["announced_addresses"], keys);
        Assert.Contains("port", errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AnnouncedAddressesWithPerSessionPorts_Rejected()
    {
        var (_, keys) = Read(new() { ["announced_addresses:0"] = "203.0.113.7", ["single_port"] = "false", ["port_min"] = "40000", ["port_max"] = "40010" });

        Assert.Equal(["announced_addresses"], keys);
    }

    [Fact]
    public void Read_SeveralBadAnnouncedAndOtherKeys_AllReportedAtOnce()
    {
        var (options, keys) = Read(new()
        {
            ["port"] = "40000",
            ["announced_addresses:0"] = "example.com",
            ["announced_addresses:1"] = "203.0.113.7:5000",
            ["announced_addresses:2"] = "0.0.0.0",
            ["announced_addresses:3"] = "239.1.1.1",
            ["announced_addresses:4"] = "7",
            ["announced_addresses:5"] = "198.51.100.1",
            ["mtu"] = "9000",
            ["port_min"] = "1",
        });

        Assert.Equal(5, keys.Count(k => k == "announced_addresses"));
        Assert.Contains("mtu", keys);
        Assert.Contains("port_min", keys);
        Assert.Equal([IPAddress.Parse("198.51.100.1")], options.AnnouncedAddresses);
    }

    [Fact]
    public void Read_AnnounceLocalOffWithoutAnnouncedAddresses_Rejected()
    {
        var (_, keys) = Read(new() { ["announce_local"] = "false" });

        Assert.Equal(["announce_local"], keys);
    }
}
