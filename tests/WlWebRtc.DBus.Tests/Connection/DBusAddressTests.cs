namespace WlWebRtc.DBus.Tests.Connection;

public sealed class DBusAddressTests
{
    [Fact]
    public void Parse_UnixPath_ReturnsTransportAndParameters()
    {
        var entry = Assert.Single(DBusAddress.Parse("unix:path=/run/user/1000/bus,guid=0123456789abcdef0123456789abcdef"));

        Assert.Equal("unix", entry.Transport);
        Assert.Equal("/run/user/1000/bus", entry.GetParameter("path"));
        Assert.Equal("0123456789abcdef0123456789abcdef", entry.GetParameter("guid"));
    }

    [Fact]
    public void Parse_SeveralEntries_KeepsOrderAndSkipsEmptyOnes()
    {
        var entries = DBusAddress.Parse("unix:abstract=/tmp/dbus-x;;unix:path=/tmp/b;tcp:host=localhost,port=1234;");

        Assert.Equal(["unix", "unix", "tcp"], entries.Select(e => e.Transport));
        Assert.Equal("/tmp/dbus-x", entries[0].GetParameter("abstract"));
        Assert.Equal("/tmp/b", entries[1].GetParameter("path"));
        Assert.Equal("1234", entries[2].GetParameter("port"));
    }

    [Fact]
    public void Parse_PercentEscapes_Unescaped()
    {
        var entry = Assert.Single(DBusAddress.Parse("unix:path=/tmp/with%20space%2cand%3bsemi%25%c3%a9"));

        Assert.Equal("/tmp/with space,and;semi%é", entry.GetParameter("path"));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("nocolon", "transport")]
    [InlineData("unix:path", "key=value")]
    [InlineData("unix:path=/a,path=/b", "repeats")]
    [InlineData("unix:path=/a%2", "escape")]
    [InlineData("unix:path=/a%zz", "escape")]
    [InlineData("unix:path=/é", "non-ASCII")]
    [InlineData("unix:path=%ff", "UTF-8")]
    public void Parse_Malformed_ThrowsFormatExceptionSayingWhy(string address, string expected)
    {
        var error = Assert.Throws<FormatException>(() => DBusAddress.Parse(address));

        Assert.Contains(expected, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Escape_ThenParse_RoundTrips()
    {
        const string path = "/tmp/a b,c;d=e%f/é";

        var entry = Assert.Single(DBusAddress.Parse("unix:path=" + DBusAddress.Escape(path)));

        Assert.Equal(path, entry.GetParameter("path"));
        Assert.Equal("/tmp/a%20b%2cc%3bd%3de%25f/%c3%a9", DBusAddress.Escape(path));
    }

    [Fact]
    public async Task ConnectAsync_OnlyTcp_ThrowsNotSupportedReason()
    {
        var error = await Assert.ThrowsAsync<DBusConnectionException>(() => DBusConnection.ConnectAsync("tcp:host=localhost,port=1"));

        Assert.Contains("only unix", error.Message, StringComparison.Ordinal);
    }
}
