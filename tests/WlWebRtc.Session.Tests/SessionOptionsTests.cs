using Microsoft.Extensions.Configuration;

namespace WlWebRtc.Session.Tests;

public sealed class SessionOptionsTests
{
    [Fact]
    public void Read_EmptyTable_GivesTheDefaults()
    {
        var (options, errors) = SessionOptions.Read(Table());

        Assert.Empty(errors);
        Assert.Equal(SessionMode.Attach, options.Mode);
        Assert.Equal((1920, 1080), (options.Width, options.Height));
        Assert.Equal(["foot"], options.Clients);
        Assert.True(options.Panel);
        Assert.Null(options.User);
        Assert.Null(options.Directory);
        Assert.Equal(Restart.RestartOptions.Default, options.Restart);
    }

    [Fact]
    public void Read_EveryKey_IsUsed()
    {
        var (options, errors) = SessionOptions.Read(Table(
            ("mode", "HEADLESS"), ("compositor", "mutter"), ("user", "desk-user"), ("directory", "/run/wl/s"), ("width", "1280"), ("height", "800"),
            ("clients:0", "foot"), ("clients:1", "foot -e htop"), ("panel", "false"), ("max_fps", "60"), ("ready_timeout_seconds", "45"),
            ("restart_delay_seconds", "2"), ("max_restart_delay_seconds", "20"), ("stable_after_seconds", "30"), ("max_restarts", "0")));

        Assert.Empty(errors);
        Assert.Equal(SessionMode.Headless, options.Mode);
        Assert.Equal(SessionCompositor.Mutter, options.Compositor);
        Assert.Equal("desk-user", options.User);
        Assert.Equal("/run/wl/s", options.Directory);
        Assert.Equal((1280, 800), (options.Width, options.Height));
        Assert.Equal(["foot", "foot -e htop"], options.Clients);
        Assert.False(options.Panel);
        Assert.Equal(60, options.MaxFps);
        Assert.Equal(TimeSpan.FromSeconds(45), options.ReadyTimeout);
        Assert.Equal(new Restart.RestartOptions(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(30), 0), options.Restart);
    }

    [Fact]
    public void Read_BadValues_ReportsEveryErrorWithItsKey()
    {
        var (_, errors) = SessionOptions.Read(Table(
            ("mode", "kiosk"), ("compositor", "weston"), ("user", "-root"), ("directory", "relative/dir"), ("width", "10"), ("height", "99999"),
            ("max_fps", "0"), ("restart_delay_seconds", "40"), ("max_restart_delay_seconds", "30"), ("colour", "red")));

        var keys = errors.Select(e => e.Key).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(
            ["session.colour", "session.compositor", "session.directory", "session.height", "session.max_fps", "session.mode", "session.restart_delay_seconds", "session.user", "session.width"],
            keys);
    }

    [Fact]
    public void Read_DirectoryTooLongForItsSockets_IsAnError()
    {
        var (_, errors) = SessionOptions.Read(Table(("directory", "/" + new string('d', 70))));

        Assert.Equal("session.directory", Assert.Single(errors).Key);
    }

    [Fact]
    public void ConfigToml_SessionTable_DocumentsEveryKeyWithItsDefault()
    {
        var values = ShippedSessionTable();
        var (options, errors) = SessionOptions.Read(Table([.. values]));

        Assert.Empty(errors);
        Assert.Equal(SessionOptions.Default with { Clients = options.Clients }, options);
        Assert.Equal(SessionOptions.Default.Clients, options.Clients);
        string[] keys =
        [
            "mode", "compositor", "user", "directory", "width", "height", "clients", "panel", "max_fps", "ready_timeout_seconds",
            "restart_delay_seconds", "max_restart_delay_seconds", "stable_after_seconds", "max_restarts",
        ];
        Assert.Equal(keys.Order(StringComparer.Ordinal), values.Select(v => v.Key.Split(':')[0]).Distinct().Order(StringComparer.Ordinal));
    }

    /// <summary>The key = value lines of config.toml's [session] table (strings, numbers, booleans and one-line arrays).</summary>
    private static List<(string Key, string Value)> ShippedSessionTable()
    {
        var root = WlWebRtc.Testing.Server.ServerProcess.RepositoryRoot();
        var values = new List<(string Key, string Value)>();
        var inTable = false;
        foreach (var raw in File.ReadLines(Path.Combine(root, "config.toml")))
        {
            var line = raw.Trim();
            if (line.StartsWith('['))
            {
                inTable = line == "[session]";
                continue;
            }

            if (!inTable || line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var key = line[..equals].Trim();
            var value = line[(equals + 1)..].Trim();
            if (value.StartsWith('['))
            {
                var items = value.Trim('[', ']').Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                values.AddRange(items.Select((item, i) => ($"{key}:{i}", item.Trim('"'))));
            }
            else
            {
                values.Add((key, value.Trim('"')));
            }
        }

        return values;
    }

    private static IConfiguration Table(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
