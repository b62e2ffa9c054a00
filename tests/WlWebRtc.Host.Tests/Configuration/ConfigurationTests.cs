using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Tests.Support;

namespace WlWebRtc.Host.Tests.Configuration;

public sealed class ConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_RepositoryConfigToml_IsValidAndMatchesTheBuiltInDefaults()
    {
        var fromFile = WlWebRtcOptions.Read(ConfigurationLoader.Load(Path.Combine(RepoPaths.Root, "config.toml"), new Dictionary<string, string?>(), useEnvironment: false));
        var builtIn = WlWebRtcOptions.Read(ConfigurationLoader.Load(null, new Dictionary<string, string?>(), useEnvironment: false));

        Assert.Empty(fromFile.Errors);
        Assert.Empty(builtIn.Errors);
        Assert.Equal(builtIn.Options!.Server with { Tls = fromFile.Options!.Server.Tls }, fromFile.Options.Server);
        Assert.Equal(builtIn.Options.Encoder, fromFile.Options.Encoder);
        Assert.Equal(builtIn.Options.Capture, fromFile.Options.Capture);
        Assert.Equal("127.0.0.1:8080", fromFile.Options.Server.Listen.ToString());
        Assert.Equal(8_000_000, fromFile.Options.Encoder.Bitrate);
        Assert.True(fromFile.Options.Capture.Selection.IsAuto);
    }

    [Fact]
    public void Load_TablesAndArrays_FlattenToSectionKeys()
    {
        var file = Write("[capture.testpattern]\nwidth = 1920\n[plugins]\npaths = [\"/a\", \"/b\"]\n[server.tls]\nenabled = true\nself_signed = true\n");

        var configuration = ConfigurationLoader.Load(file, new Dictionary<string, string?>(), useEnvironment: false);

        Assert.Equal("1920", configuration["capture:testpattern:width"]);
        Assert.Equal("/b", configuration["plugins:paths:1"]);
        Assert.Equal("true", configuration["server:tls:enabled"]);
    }

    [Fact]
    public void Load_EnvironmentWithDoubleUnderscores_OverridesTheFile_AndFlagsOverrideBoth()
    {
        var file = Write("[capture.testpattern]\nwidth = 1280\nheight = 720\n[encoder]\nplugin = \"auto\"\n");
        Environment.SetEnvironmentVariable("WLWEBRTC_CAPTURE__TESTPATTERN__WIDTH", "1920");
        Environment.SetEnvironmentVariable("WLWEBRTC_ENCODER__PLUGIN", "vaapi");
        try
        {
            var configuration = ConfigurationLoader.Load(file, new Dictionary<string, string?> { ["encoder:plugin"] = "x264" });

            Assert.Equal("1920", configuration["capture:testpattern:width"]);
            Assert.Equal("720", configuration["capture:testpattern:height"]);
            Assert.Equal("x264", configuration["encoder:plugin"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("WLWEBRTC_CAPTURE__TESTPATTERN__WIDTH", null);
            Environment.SetEnvironmentVariable("WLWEBRTC_ENCODER__PLUGIN", null);
        }
    }

    [Fact]
    public void Read_SeveralBadValues_ReportsEveryErrorWithItsKey()
    {
        var file = Write("""
            [server]
            listen = "nowhere"
            token = "short"
            max_viewers = 0
            [encoder]
            bitrate = -5
            plugin = ["x264", "vaapi"]
            [capture]
            max_fps = 1000
            [log]
            level = "loud"
            [typo]
            x = 1
            """);

        var (options, errors) = WlWebRtcOptions.Read(ConfigurationLoader.Load(file, new Dictionary<string, string?>(), useEnvironment: false));

        Assert.Null(options);
        var keys = errors.Select(e => e.Key).ToHashSet();
        Assert.Equal(["capture.max_fps", "encoder.bitrate", "encoder.plugin", "log.level", "server.listen", "server.max_viewers", "server.token", "typo"], keys.Order());
        Assert.Contains(errors, e => e.Key == "encoder.bitrate" && e.Message == "must be between 100000 and 200000000, got -5");
    }

    [Fact]
    public void Read_UnknownKeyInAHostTable_IsAnError()
    {
        var file = Write("[server]\nlisten = \"127.0.0.1:9000\"\nlsiten = \"x\"\n");

        var (_, errors) = WlWebRtcOptions.Read(ConfigurationLoader.Load(file, new Dictionary<string, string?>(), useEnvironment: false));

        var error = Assert.Single(errors);
        Assert.Equal("server.lsiten", error.Key);
        Assert.Equal("unknown key", error.Message);
    }

    [Fact]
    public void Read_PluginTablesUnderKinds_AreLeftToThePlugins()
    {
        var file = Write("[encoder.x264]\npreset = \"veryfast\"\n[capture.portal]\nmax_fps = 30\n");

        var (options, errors) = WlWebRtcOptions.Read(ConfigurationLoader.Load(file, new Dictionary<string, string?>(), useEnvironment: false));

        Assert.Empty(errors);
        Assert.NotNull(options);
    }

    [Fact]
    public void Load_MalformedToml_ThrowsWithFileAndLine()
    {
        var file = Write("[server]\nlisten = \"127.0.0.1:8080\"\nbroken = = 3\n");

        var ex = Assert.Throws<ConfigurationFileException>(() => ConfigurationLoader.Load(file, new Dictionary<string, string?>(), useEnvironment: false));

        Assert.StartsWith(file + ": line 3", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsNamingIt()
    {
        var ex = Assert.Throws<ConfigurationFileException>(() => ConfigurationLoader.Load(_dir.Combine("nope.toml"), new Dictionary<string, string?>()));

        Assert.EndsWith("nope.toml: no such file", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:8080", "127.0.0.1:8080")]
    [InlineData("localhost:1", "127.0.0.1:1")]
    [InlineData("[::1]:8443", "[::1]:8443")]
    [InlineData("0.0.0.0:0", "0.0.0.0:0")]
    public void ListenAddress_Valid_Parses(string text, string expected)
    {
        Assert.True(ListenAddress.TryParse(text, out var endPoint, out _));
        Assert.Equal(expected, endPoint.ToString());
    }

    [Theory]
    [InlineData("8080")]
    [InlineData("example.com:80")]
    [InlineData("127.0.0.1:99999")]
    [InlineData("127.0.0.1:")]
    public void ListenAddress_Invalid_SaysWhy(string text)
    {
        Assert.False(ListenAddress.TryParse(text, out _, out var problem));
        Assert.NotEmpty(problem);
    }

    private string Write(string toml)
    {
        var path = _dir.Combine($"config-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, toml);
        return path;
    }
}
