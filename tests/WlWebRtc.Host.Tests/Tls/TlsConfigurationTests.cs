using WlWebRtc.Host.Configuration;
using WlWebRtc.Host.Tests.Support;

namespace WlWebRtc.Host.Tests.Tls;

/// <summary>Bad TLS files are config errors: reported with every other error, keyed and naming the file, exit code 2.</summary>
public sealed class TlsConfigurationTests : IDisposable
{
    private readonly TempDirectory _dir = new("wlwebrtc-tls-config-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Read_TlsFilesBrokenAndAnotherError_ReportsEveryErrorWithItsKey()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Rsa);
        using var other = PemFiles.CreateValid(PemKeyKind.Rsa);
        var (certificate, _) = PemFiles.Write(original, _dir.Path);
        var (_, otherKey) = PemFiles.Write(other, _dir.Path, "other-");

        var (options, errors) = Read($"[server.tls]\nenabled = true\ncertificate = \"{certificate}\"\nkey = \"{otherKey}\"\n[encoder]\nbitrate = 5\n");

        Assert.Null(options);
        Assert.Equal(["encoder.bitrate", "server.tls.key"], errors.Select(e => e.Key).Order(StringComparer.Ordinal));
        Assert.Contains(otherKey, errors.Single(e => e.Key == "server.tls.key").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_MissingCertificateAndKeyFiles_ReportsBoth()
    {
        var (_, errors) = Read($"[server.tls]\nenabled = true\ncertificate = \"{_dir.Combine("c.pem")}\"\nkey = \"{_dir.Combine("k.pem")}\"\n");

        Assert.Equal(
            [("server.tls.certificate", $"file not found: {_dir.Combine("c.pem")}"), ("server.tls.key", $"file not found: {_dir.Combine("k.pem")}")],
            errors.Select(e => (e.Key, e.Message)));
    }

    [Fact]
    public void Read_ValidPemFiles_GivesTheTlsOptions()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);

        var (options, errors) = Read($"[server.tls]\nenabled = true\ncertificate = \"{certificate}\"\nkey = \"{key}\"\n");

        Assert.Empty(errors);
        Assert.Equal(new TlsOptions(true, certificate, key, false), options!.Server.Tls);
    }

    [Fact]
    public void Read_SelfSignedTogetherWithFiles_IsAnError()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);

        var (_, errors) = Read($"[server.tls]\nenabled = true\nself_signed = true\ncertificate = \"{certificate}\"\nkey = \"{key}\"\n");

        Assert.Equal("server.tls.self_signed", Assert.Single(errors).Key);
    }

    [Fact]
    public void Read_TlsDisabled_DoesNotTouchTheFiles()
    {
        var (options, errors) = Read($"[server.tls]\nenabled = false\ncertificate = \"{_dir.Combine("absent.pem")}\"\n");

        Assert.Empty(errors);
        Assert.False(options!.Server.Tls.Enabled);
    }

    [Fact]
    public async Task ConfigCheck_ExpiredCertificate_ExitTwoNamingTheKeyAndFileWithoutAStackTrace()
    {
        var notAfter = new DateTimeOffset(2023, 1, 2, 3, 4, 5, TimeSpan.Zero);
        using var expired = PemFiles.Create(PemKeyKind.Rsa, notAfter.AddDays(-90), notAfter);
        var (certificate, key) = PemFiles.Write(expired, _dir.Path);
        var config = WriteConfig($"[server.tls]\nenabled = true\ncertificate = \"{certificate}\"\nkey = \"{key}\"\n");

        var (exit, _, stderr) = await HostProcess.RunAsync(["config", "check", config], Isolated());

        Assert.Equal(2, exit);
        Assert.Contains($"server.tls.certificate: {certificate} expired on 2023-01-02 03:04:05 UTC", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GarbageKeyAndBadListen_ExitTwoWithAllErrorsBeforeServing()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);
        File.WriteAllText(key, "garbage");
        var config = WriteConfig($"[server]\nlisten = \"nowhere\"\ncontrol_socket = \"{_dir.Combine("control.sock")}\"\n[server.tls]\nenabled = true\ncertificate = \"{certificate}\"\nkey = \"{key}\"\n");

        var (exit, _, stderr) = await HostProcess.RunAsync(["start", "--capture", "testpattern", "--encoder", "x264", "--config", config], Isolated(), timeoutSeconds: 60);

        Assert.Equal(2, exit);
        Assert.Contains("2 error(s)", stderr, StringComparison.Ordinal);
        Assert.Contains("server.listen: ", stderr, StringComparison.Ordinal);
        Assert.Contains($"server.tls.key: {key} holds no PEM private key", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Serving viewers", stderr, StringComparison.Ordinal);
    }

    private (WlWebRtcOptions? Options, IReadOnlyList<WlWebRtc.Configuration.ConfigurationError> Errors) Read(string toml) =>
        WlWebRtcOptions.Read(ConfigurationLoader.Load(WriteConfig(toml), new Dictionary<string, string?>(), useEnvironment: false));

    private string WriteConfig(string toml)
    {
        var path = _dir.Combine($"config-{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, toml);
        return path;
    }

    private Dictionary<string, string?> Isolated() => HostProcess.IsolatedEnvironment(_dir);
}
