using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using WlWebRtc.Host.Server;
using WlWebRtc.Host.Tests.Support;

namespace WlWebRtc.Host.Tests.Tls;

public sealed class TlsCertificatesTests : IDisposable
{
    private readonly TempDirectory _dir = new("wlwebrtc-tls-");

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData(PemKeyKind.Rsa)]
    [InlineData(PemKeyKind.Ecdsa)]
    public void TryLoadFiles_CertificateAndKeyFiles_LoadsTheCertificateWithItsPrivateKey(PemKeyKind kind)
    {
        using var original = PemFiles.CreateValid(kind);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);

        using var loaded = TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        Assert.Empty(errors);
        Assert.NotNull(loaded);
        Assert.Equal(original.Thumbprint, loaded.Thumbprint);
        Assert.True(loaded.HasPrivateKey);
        AssertKeyMatches(loaded);
    }

    [Fact]
    public void TryLoadFiles_KeyInTheCertificateFileAndNoKeyFile_Loads()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var combined = _dir.Combine("combined.pem");
        File.WriteAllText(combined, PemFiles.KeyPem(original) + "\n" + PemFiles.CertificatePem(original) + "\n");

        using var loaded = TlsCertificates.TryLoadFiles(combined, null, DateTimeOffset.UtcNow, out var errors);

        Assert.Empty(errors);
        Assert.Equal(original.Thumbprint, loaded?.Thumbprint);
        Assert.True(loaded!.HasPrivateKey);
    }

    [Fact]
    public void TryLoadFiles_FullChainFile_LoadsTheServerCertificateAndIntermediatesFromFileGivesTheRest()
    {
        var (root, intermediate, leaf) = PemFiles.CreateChain();
        using (root)
        using (intermediate)
        using (leaf)
        {
            var (fullChain, key) = PemFiles.WriteFullChain(leaf, intermediate, _dir.Path);

            using var loaded = TlsCertificates.TryLoadFiles(fullChain, key, DateTimeOffset.UtcNow, out var errors);
            var intermediates = TlsCertificates.IntermediatesFromFile(fullChain);

            Assert.Empty(errors);
            Assert.Equal(leaf.Thumbprint, loaded?.Thumbprint);
            Assert.Equal([intermediate.Thumbprint], intermediates.Select(c => c.Thumbprint));
        }
    }

    [Fact]
    public void TryLoadFiles_GarbageAfterTheFirstCertificate_ReportsTheChain()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);
        File.AppendAllText(certificate, "\n-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

        var loaded = TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        AssertOnlyError(loaded, errors, "certificate", $"{certificate} holds a malformed certificate after the first one");
    }

    [Fact]
    public void TryLoadFiles_MissingFiles_ReportsBothKeysWithTheirPaths()
    {
        var certificate = _dir.Combine("nope", "certificate.pem");
        var key = _dir.Combine("key.pem");

        var loaded = TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        Assert.Null(loaded);
        Assert.Equal([("certificate", $"file not found: {certificate}"), ("key", $"file not found: {key}")], errors);
    }

    [Fact]
    public void TryLoadFiles_DirectoryInsteadOfFile_SaysSo()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (_, key) = PemFiles.Write(original, _dir.Path);

        var loaded = TlsCertificates.TryLoadFiles(_dir.Path, key, DateTimeOffset.UtcNow, out var errors);

        Assert.Null(loaded);
        var error = Assert.Single(errors);
        Assert.Equal(("certificate", $"{_dir.Path} is a directory, not a PEM file"), error);
    }

    [Fact]
    public void TryLoadFiles_KeyFileLockedByAnotherWriter_ReportsItCannotBeRead()
    {
        // Tests may run as root, for whom file permissions do not stop reading: an exclusive lock (flock, which .NET
        // takes for FileShare.None) does, and is the same "cannot read" path as a permission error.
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);
        using var locked = new FileStream(key, FileMode.Open, FileAccess.ReadWrite, FileShare.None);

        var loaded = TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        AssertOnlyError(loaded, errors, "key", $"cannot read {key}: ");
    }

    [Fact]
    public void TryLoadFiles_KeyOfAnotherCertificate_ReportsTheKeyFileAndTheMismatch()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Rsa);
        using var other = PemFiles.CreateValid(PemKeyKind.Rsa);
        var (certificate, _) = PemFiles.Write(original, _dir.Path);
        var (_, otherKey) = PemFiles.Write(other, _dir.Path, "other-");

        var loaded = TlsCertificates.TryLoadFiles(certificate, otherKey, DateTimeOffset.UtcNow, out var errors);

        Assert.Null(loaded);
        var (name, message) = Assert.Single(errors);
        Assert.Equal("key", name);
        Assert.Contains(otherKey, message, StringComparison.Ordinal);
        Assert.Contains($"does not match the certificate in {certificate}", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoadFiles_EcdsaKeyForAnRsaCertificate_ReportsAMismatch()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Rsa);
        using var other = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, _) = PemFiles.Write(original, _dir.Path);
        var (_, otherKey) = PemFiles.Write(other, _dir.Path, "other-");

        var loaded = TlsCertificates.TryLoadFiles(certificate, otherKey, DateTimeOffset.UtcNow, out var errors);

        Assert.Null(loaded);
        Assert.Equal("key", Assert.Single(errors).Key);
    }

    [Fact]
    public void TryLoadFiles_GarbageInBothFiles_ReportsTheCertificateFile()
    {
        var certificate = _dir.Combine("certificate.pem");
        var key = _dir.Combine("key.pem");
        File.WriteAllText(certificate, "-----BEGIN CERTIFICATE-----\nnot base64 at all!\n-----END CERTIFICATE-----\n");
        File.WriteAllText(key, "hello");

        var loaded = TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        AssertOnlyError(loaded, errors, "certificate", $"{certificate} holds no readable PEM certificate");
    }

    [Fact]
    public void TryLoadFiles_GarbageKey_ReportsTheKeyFile()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);
        File.WriteAllText(key, "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");

        var loaded = TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        AssertOnlyError(loaded, errors, "key", $"the PRIVATE KEY in {key} is malformed or does not match");
    }

    [Fact]
    public void TryLoadFiles_KeyFileWithACertificateOnly_SaysItHoldsNoKey()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);
        File.Copy(certificate, key, overwrite: true);

        TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        Assert.Equal([("key", $"{key} holds no PEM private key (-----BEGIN PRIVATE KEY-----)")], errors);
    }

    [Fact]
    public void TryLoadFiles_NoKeyFileAndNoKeyInTheCertificate_AsksForServerTlsKey()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, _) = PemFiles.Write(original, _dir.Path);

        TlsCertificates.TryLoadFiles(certificate, null, DateTimeOffset.UtcNow, out var errors);

        Assert.Equal([("certificate", $"{certificate} holds no PEM private key: set server.tls.key to the key file")], errors);
    }

    [Fact]
    public void TryLoadFiles_EncryptedKey_SaysEncryptedKeysAreNotSupported()
    {
        using var original = PemFiles.CreateValid(PemKeyKind.Ecdsa);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);
        using var ecdsa = original.GetECDsaPrivateKey()!;
        File.WriteAllText(key, ecdsa.ExportEncryptedPkcs8PrivateKeyPem("secret", new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 1000)));

        TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        var (name, message) = Assert.Single(errors);
        Assert.Equal("key", name);
        Assert.StartsWith($"{key} holds an encrypted private key", message, StringComparison.Ordinal);
    }

    [Fact]
    public void TryLoadFiles_ExpiredCertificate_SaysWhenItExpired()
    {
        var notAfter = new DateTimeOffset(2024, 3, 1, 12, 0, 0, TimeSpan.Zero);
        using var original = PemFiles.Create(PemKeyKind.Ecdsa, notAfter.AddYears(-1), notAfter);
        var (certificate, key) = PemFiles.Write(original, _dir.Path);

        var loaded = TlsCertificates.TryLoadFiles(certificate, key, DateTimeOffset.UtcNow, out var errors);

        Assert.Null(loaded);
        Assert.Equal([("certificate", $"{certificate} expired on 2024-03-01 12:00:00 UTC")], errors);
    }

    [Fact]
    public void TryLoadFiles_CertificateNotYetValid_SaysFromWhen()
    {
        var now = new DateTimeOffset(2025, 6, 1, 0, 0, 0, TimeSpan.Zero);
        using var original = PemFiles.Create(PemKeyKind.Rsa, now.AddDays(2), now.AddDays(30));
        var (certificate, key) = PemFiles.Write(original, _dir.Path);

        TlsCertificates.TryLoadFiles(certificate, key, now, out var errors);

        Assert.Equal([("certificate", $"{certificate} is not valid before 2025-06-03 00:00:00 UTC")], errors);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("192.168.7.20")]
    [InlineData("::1")]
    [InlineData("0.0.0.0")]
    public void CreateSelfSigned_AnyListenAddress_IsAServerCertificateValidNowForTheLoopbackNames(string listen)
    {
        var now = DateTimeOffset.UtcNow;
        var address = IPAddress.Parse(listen);

        using var certificate = TlsCertificates.CreateSelfSigned(address, now);

        Assert.True(certificate.HasPrivateKey);
        Assert.InRange(certificate.NotBefore.ToUniversalTime(), now.UtcDateTime.AddHours(-2), now.UtcDateTime);
        Assert.InRange(certificate.NotAfter.ToUniversalTime(), now.UtcDateTime.AddDays(365), now.UtcDateTime.AddDays(398));
        var (dnsNames, addresses) = SubjectAlternativeNames(certificate);
        Assert.Contains("localhost", dnsNames);
        Assert.Contains(IPAddress.Loopback, addresses);
        Assert.Contains(IPAddress.IPv6Loopback, addresses);
        if (!address.Equals(IPAddress.Any))
        {
            Assert.Contains(address, addresses);
        }

        var usage = Assert.Single(certificate.Extensions.OfType<X509KeyUsageExtension>());
        Assert.True(usage.KeyUsages.HasFlag(X509KeyUsageFlags.DigitalSignature));
        var extended = Assert.Single(certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>());
        Assert.Contains("1.3.6.1.5.5.7.3.1", extended.EnhancedKeyUsages.Cast<Oid>().Select(o => o.Value));
        var constraints = Assert.Single(certificate.Extensions.OfType<X509BasicConstraintsExtension>());
        Assert.False(constraints.CertificateAuthority);
        AssertKeyMatches(certificate);
    }

    [Fact]
    public void CreateSelfSigned_TwoStarts_MakeDifferentCertificates()
    {
        using var first = TlsCertificates.CreateSelfSigned(IPAddress.Loopback, DateTimeOffset.UtcNow);
        using var second = TlsCertificates.CreateSelfSigned(IPAddress.Loopback, DateTimeOffset.UtcNow);

        Assert.NotEqual(first.Thumbprint, second.Thumbprint);
        Assert.NotEqual(first.SerialNumber, second.SerialNumber);
    }

    [Fact]
    public void CreateSelfSigned_ValidatedLikeABrowser_ChainsToItselfAndNamesEachLoopbackHost()
    {
        using var certificate = TlsCertificates.CreateSelfSigned(IPAddress.Loopback, DateTimeOffset.UtcNow);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(certificate);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1"));

        Assert.True(chain.Build(certificate), string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));
        Assert.True(certificate.MatchesHostname("localhost"));
        Assert.True(certificate.MatchesHostname("127.0.0.1"));
        Assert.True(certificate.MatchesHostname("::1"));
        Assert.False(certificate.MatchesHostname("example.com"));
    }

    [Fact]
    public void SubjectAlternativeNames_WildcardListen_AddsTheHostNameAndLocalAddressesButNotLinkLocal()
    {
        var lan = IPAddress.Parse("10.1.2.3");
        var linkLocal = IPAddress.Parse("fe80::1%2");
        var (dnsNames, addresses) = TlsCertificates.SubjectAlternativeNames(IPAddress.Any, "desk", [IPAddress.Loopback, lan, linkLocal]);

        Assert.Equal(["localhost", "desk"], dnsNames);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback, lan], addresses);
    }

    [Fact]
    public void SubjectAlternativeNames_SpecificListen_AddsThatAddressOnly()
    {
        var listen = IPAddress.Parse("192.168.1.5");
        var (dnsNames, addresses) = TlsCertificates.SubjectAlternativeNames(listen, "desk", [IPAddress.Parse("10.1.2.3")]);

        Assert.Equal(["localhost"], dnsNames);
        Assert.Equal([IPAddress.Loopback, IPAddress.IPv6Loopback, listen], addresses);
    }

    [Fact]
    public void Sha256Fingerprint_Certificate_IsTheColonSeparatedSha256OfItsDer()
    {
        using var certificate = PemFiles.CreateValid(PemKeyKind.Ecdsa);

        var fingerprint = TlsCertificates.Sha256Fingerprint(certificate);

        Assert.Equal(Convert.ToHexString(SHA256.HashData(certificate.RawData)), fingerprint.Replace(":", "", StringComparison.Ordinal));
        Assert.Matches("^([0-9A-F]{2}:){31}[0-9A-F]{2}$", fingerprint);
    }

    private static void AssertKeyMatches(X509Certificate2 certificate)
    {
        var data = "signed by the server"u8.ToArray();
        if (certificate.GetECDsaPrivateKey() is { } ecdsa)
        {
            using (ecdsa)
            using (var verify = certificate.GetECDsaPublicKey()!)
            {
                Assert.True(verify.VerifyData(data, ecdsa.SignData(data, HashAlgorithmName.SHA256), HashAlgorithmName.SHA256));
            }

            return;
        }

        using var rsa = certificate.GetRSAPrivateKey()!;
        using var rsaVerify = certificate.GetRSAPublicKey()!;
        Assert.True(rsaVerify.VerifyData(data, rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1));
    }

    private static (List<string> DnsNames, List<IPAddress> Addresses) SubjectAlternativeNames(X509Certificate2 certificate)
    {
        var extension = Assert.Single(certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>());
        return (extension.EnumerateDnsNames().ToList(), extension.EnumerateIPAddresses().ToList());
    }

    /// <summary>Loading failed with exactly one error, for <paramref name="key"/>, whose message starts as given.</summary>
    private static void AssertOnlyError(X509Certificate2? loaded, IReadOnlyList<(string Key, string Message)> errors, string key, string messageStart)
    {
        Assert.Null(loaded);
        var (name, message) = Assert.Single(errors);
        Assert.Equal(key, name);
        Assert.StartsWith(messageStart, message, StringComparison.Ordinal);
    }
}
