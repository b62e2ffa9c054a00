using WlWebRtc.Session.Sway;

namespace WlWebRtc.Session.Tests;

public sealed class SessionAccountTests
{
    [Fact]
    public void Parse_NoLoginShell_GivesTheTerminalARealShell()
    {
        var account = SessionAccount.Parse("nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin", serverIsRoot: true);

        Assert.NotNull(account);
        Assert.Equal((65534, 65534), (account.Uid, account.Gid));
        Assert.True(account.Shell is "/bin/bash" or "/bin/sh");
        Assert.Null(account.Home);
    }

    [Fact]
    public void CommandPrefix_OtherUser_DropsToItWithSetpriv()
    {
        var account = SessionAccount.Parse("desk:x:1001:1002::/tmp:/bin/sh", serverIsRoot: true)!;

        Assert.Equal(["setpriv", "--reuid=1001", "--regid=1002", "--init-groups", "--"], account.CommandPrefix);
        Assert.Equal("/tmp", account.Home);
    }

    [Fact]
    public void CommandPrefix_SameUser_IsEmpty()
    {
        var account = SessionAccount.Parse("desk:x:1001:1002::/tmp:/bin/sh", serverIsRoot: false)!;

        Assert.Empty(account.CommandPrefix);
    }

    [Theory]
    [InlineData("")]
    [InlineData("name:x:notanumber:1::/:/bin/sh")]
    [InlineData("name:x:1:1")]
    public void Parse_Malformed_ReturnsNull(string line) => Assert.Null(SessionAccount.Parse(line, serverIsRoot: true));
}
