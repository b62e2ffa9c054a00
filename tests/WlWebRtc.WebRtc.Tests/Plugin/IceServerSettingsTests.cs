using Microsoft.Extensions.Configuration;
using WlWebRtc.Transport;
using WlWebRtc.Transport.WebRtc.IceServers;
using WlWebRtc.Transport.WebRtc.Plugin;

namespace WlWebRtc.WebRtc.Tests.Plugin;

/// <summary>The ICE keys of [transport.webrtc]: ice_mode, STUN/TURN servers, credentials, trickle.</summary>
public sealed class IceServerSettingsTests
{
    private static (WebRtcTransportOptions Options, string[] Keys) Read(Dictionary<string, string?> values)
    {
        var (options, errors) = WebRtcTransportOptions.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        return (options, errors.Select(e => e.Key).ToArray());
    }

    [Fact]
    public void Read_Defaults_AutoModeResolvesToLiteWithoutServers()
    {
        var (options, keys) = Read([]);
        Assert.Empty(keys);
        Assert.Equal(IceMode.Auto, options.Ice.Mode);
        Assert.False(options.Ice.UseFullIce);
        Assert.Empty(options.Ice.StunServers);
        Assert.Equal(TimeSpan.FromHours(12), options.Ice.TurnCredentialLifetime);
    }

    [Fact]
    public void Read_StunAndTurnWithSecret_AutoModeIsFullAndEveryKeyIsRead()
    {
        var (options, keys) = Read(new()
        {
            ["stun_servers:0"] = "stun:stun.example.org",
            ["stun_servers:1"] = "stun:[2001:db8::1]:3479",
            ["turn_servers:0"] = "turn:turn.example.org:3478?transport=udp",
            ["turn_servers:1"] = "turn:turn.example.org?transport=tcp",
            ["turn_servers:2"] = "turns:turn.example.org:443",
            ["turn_shared_secret"] = "s3cret",
            ["turn_credential_lifetime_seconds"] = "600",
            ["gathering_timeout_ms"] = "1500",
        });
        Assert.Empty(keys);
        Assert.True(options.Ice.UseFullIce);
        Assert.Equal(("stun.example.org", 3478), (options.Ice.StunServers[0].Host, options.Ice.StunServers[0].Port));
        Assert.Equal(("2001:db8::1", 3479), (options.Ice.StunServers[1].Host, options.Ice.StunServers[1].Port));
        Assert.Equal(3, options.Ice.TurnServers.Count);
        Assert.Equal(TimeSpan.FromMinutes(10), options.Ice.TurnCredentialLifetime);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.Ice.GatheringTimeout);
    }

    [Fact]
    public void Read_EveryIceMistake_ReportedAtOnce()
    {
        var (_, keys) = Read(new()
        {
            ["ice_mode"] = "half",
            ["stun_servers:0"] = "http://stun.example.org",
            ["stun_servers:1"] = "stun:host:99999",
            ["turn_servers:0"] = "turn:turn.example.org?transport=sctp",
            ["turn_username"] = "alice",
            ["turn_shared_secret"] = "s3cret",
            ["turn_credential_lifetime_seconds"] = "5",
            ["trickle"] = "maybe",
        });
        Assert.Equal(
            ["ice_mode", "stun_servers", "stun_servers", "turn_servers", "turn_credential_lifetime_seconds", "trickle", "turn_shared_secret"],
            keys);
    }

    [Fact]
    public void Read_TurnWithoutCredentials_AndCredentialsWithoutTurn_AreErrors()
    {
        Assert.Equal(["turn_servers"], Read(new() { ["turn_servers:0"] = "turn:t.example.org" }).Keys);
        Assert.Equal(["turn_servers"], Read(new() { ["turn_shared_secret"] = "s3cret" }).Keys);
        Assert.Equal(["turn_credential"], Read(new() { ["turn_servers:0"] = "turn:t.example.org", ["turn_username"] = "alice" }).Keys);
    }

    [Fact]
    public void TurnCredentialsFor_SharedSecret_MintsRestCredentialsThatExpire()
    {
        var (options, _) = Read(new() { ["turn_servers:0"] = "turn:t.example.org", ["turn_shared_secret"] = "s3cret", ["turn_credential_lifetime_seconds"] = "600" });
        var now = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var (username, credential) = options.Ice.TurnCredentialsFor("viewer", now)!.Value;
        Assert.Equal("1700000600:viewer", username);
        Assert.Equal(WlWebRtc.Ice.Turn.TurnRestCredentials.Password("s3cret", username), credential);
        Assert.DoesNotContain("s3cret", credential, StringComparison.Ordinal);
    }

    [Fact]
    public void TurnCredentialsFor_StaticCredentials_GivenAsConfigured()
    {
        var (options, keys) = Read(new() { ["turn_servers:0"] = "turn:t.example.org", ["turn_username"] = "alice", ["turn_credential"] = "wonderland" });
        Assert.Empty(keys);
        Assert.Equal(("alice", "wonderland"), options.Ice.TurnCredentialsFor("viewer", DateTimeOffset.UnixEpoch));
        var server = Assert.Single(options.Ice.TurnServerOptionsFor("server", DateTimeOffset.UnixEpoch));
        Assert.Equal(("t.example.org", 3478, "alice"), (server.Host, server.Port, server.Username));
    }

    [Fact]
    public void IceServer_RecordCarriesUrlsAndCredentials()
    {
        var server = new IceServer(["turn:t.example.org"], "u", "c");
        Assert.Equal("u", server.Username);
    }
}
