using System.Text;
using WlWebRtc.Publish.Whip.Http;

namespace WlWebRtc.Whip.Tests.Unit;

public sealed class LinkHeaderTests
{
    [Fact]
    public void Parse_Rfc9725Example_ReadsStunAndTurnWithCredentials()
    {
        var servers = IceServerLinks.Parse([
            "<stun:stun.example.net>; rel=\"ice-server\"",
            "<turn:turn.example.net?transport=udp>; rel=\"ice-server\"; username=\"user\"; credential=\"myPassword\"; credential-type=\"password\"",
        ]);

        Assert.Equal(2, servers.Count);
        Assert.Equal(["stun:stun.example.net"], servers[0].Urls);
        Assert.Null(servers[0].Username);
        Assert.Equal(["turn:turn.example.net?transport=udp"], servers[1].Urls);
        Assert.Equal("user", servers[1].Username);
        Assert.Equal("myPassword", servers[1].Credential);
    }

    [Fact]
    public void Parse_SeveralLinksInOneValue_ReadsEach()
    {
        var servers = IceServerLinks.Parse(["<stun:a.example>; rel=ice-server, <turns:b.example:5349>;rel=\"ice-server\";username=u;credential=p"]);

        Assert.Equal(["stun:a.example", "turns:b.example:5349"], servers.Select(s => s.Urls[0]));
        Assert.Equal("u", servers[1].Username);
    }

    [Fact]
    public void Parse_QuotedCommaAndEscapes_KeepsTheValue()
    {
        var servers = IceServerLinks.Parse(["<turn:t.example>; rel=\"ice-server\"; username=\"a,b\"; credential=\"q\\\"x\""]);

        Assert.Equal("a,b", Assert.Single(servers).Username);
        Assert.Equal("q\"x", servers[0].Credential);
    }

    [Theory]
    [InlineData("<https://example.org/>; rel=\"ice-server\"")]
    [InlineData("<stun:a.example>; rel=\"preconnect\"")]
    [InlineData("<stun:a.example>")]
    [InlineData("<stun:a.example>; rel=\"ice-server\" junk")]
    [InlineData("<stun:a b.example>; rel=\"ice-server\"")]
    public void Parse_NotAnIceServerLink_Ignored(string header) => Assert.Empty(IceServerLinks.Parse([header]));

    [Fact]
    public void Parse_MalformedLinkBetweenGoodOnes_SkipsOnlyIt()
    {
        var servers = IceServerLinks.Parse(["<stun:a.example>; rel=ice-server, garbage \"with, comma\" here, <stun:b.example>; rel=ice-server"]);

        Assert.Equal(["stun:a.example", "stun:b.example"], servers.Select(s => s.Urls[0]));
    }

    [Fact]
    public void Parse_CredentialTypeOtherThanPassword_DropsTheCredentials()
    {
        var server = Assert.Single(IceServerLinks.Parse(["<turn:t.example>; rel=ice-server; username=u; credential=c; credential-type=oauth"]));

        Assert.Null(server.Username);
        Assert.Null(server.Credential);
    }

    [Fact]
    public void Parse_ManyLinks_KeepsAtMostTheLimit()
    {
        var header = string.Join(", ", Enumerable.Range(0, 100).Select(i => $"<stun:s{i}.example>; rel=ice-server"));

        Assert.Equal(LinkHeader.MaxLinks, IceServerLinks.Parse([header]).Count);
    }

    [Fact]
    public void Parse_RandomInput_NeverThrowsAndStaysBounded()
    {
        var random = new Random(18);
        const string alphabet = "<>;=,\"\\ \tstun:turn:rel=ice-server;username=credential-typeabc123\u0000\u00ff";
        for (var i = 0; i < 20_000; i++)
        {
            var text = new StringBuilder();
            var length = random.Next(0, 200);
            for (var j = 0; j < length; j++)
            {
                text.Append(alphabet[random.Next(alphabet.Length)]);
            }

            var links = LinkHeader.Parse([text.ToString()]);
            var servers = IceServerLinks.Parse([text.ToString(), text.ToString()]);

            Assert.True(links.Count <= LinkHeader.MaxLinks);
            Assert.True(servers.Count <= LinkHeader.MaxLinks);
        }
    }
}
