using System.Globalization;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WlWebRtc.Host.Server;

/// <summary>
/// The HTTPS certificate: a PEM certificate and key from the config (<c>[server.tls] certificate</c>, <c>key</c>),
/// or a self-signed ECDSA P-256 one made at start for the names a browser connects to.
/// </summary>
internal static class TlsCertificates
{
    /// <summary>How long a self-signed certificate is valid: under every browser's limit (398 days) for leaf certificates.</summary>
    public static readonly TimeSpan SelfSignedLifetime = TimeSpan.FromDays(397);

    /// <summary>How far back a self-signed certificate's validity starts, for clients whose clock is a little behind.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromHours(1);

    private const string ServerAuthenticationOid = "1.3.6.1.5.5.7.3.1";

    private static readonly string[] PrivateKeyLabels = ["PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY"];

    /// <summary>
    /// Loads a PEM certificate and its private key (from <paramref name="keyFile"/>, or from the certificate file
    /// when null). On failure returns null and every problem keyed by its <c>[server.tls]</c> key
    /// (<c>certificate</c> or <c>key</c>), each naming the file.
    /// </summary>
    public static X509Certificate2? TryLoadFiles(string certificateFile, string? keyFile, DateTimeOffset now, out IReadOnlyList<(string Key, string Message)> errors)
    {
        var problems = new List<(string Key, string Message)>();
        errors = problems;
        var certificateText = Read(certificateFile, "certificate", problems);
        var keyText = keyFile is null ? certificateText : Read(keyFile, "key", problems);
        if (certificateText is null || keyText is null)
        {
            return null;
        }

        X509Certificate2 publicPart;
        try
        {
            // The first CERTIFICATE block, wherever it is (a combined file may start with the key).
            publicPart = X509Certificate2.CreateFromPem(FindBlock(certificateText, ["CERTIFICATE"])?.Text ?? certificateText);
        }
        catch (CryptographicException ex)
        {
            problems.Add(("certificate", $"{certificateFile} holds no readable PEM certificate (-----BEGIN CERTIFICATE-----): {ex.Message}"));
            return null;
        }

        using (publicPart)
        {
            if (now < publicPart.NotBefore.ToUniversalTime())
            {
                problems.Add(("certificate", $"{certificateFile} is not valid before {Utc(publicPart.NotBefore)}"));
            }
            else if (now > publicPart.NotAfter.ToUniversalTime())
            {
                problems.Add(("certificate", $"{certificateFile} expired on {Utc(publicPart.NotAfter)}"));
            }

            var (keyName, keyPath) = keyFile is null ? ("certificate", certificateFile) : ("key", keyFile);
            if (FindBlock(keyText, PrivateKeyLabels)?.Label is not { } label)
            {
                problems.Add(keyText.Contains("ENCRYPTED PRIVATE KEY", StringComparison.Ordinal)
                    ? (keyName, $"{keyPath} holds an encrypted private key: store it unencrypted (openssl pkey -in KEY -out PLAIN) and protect the file's permissions")
                    : (keyName, keyFile is null
                        ? $"{keyPath} holds no PEM private key: set server.tls.key to the key file"
                        : $"{keyPath} holds no PEM private key (-----BEGIN PRIVATE KEY-----)"));
                return null;
            }

            X509Certificate2 withKey;
            try
            {
                withKey = X509Certificate2.CreateFromPem(certificateText, keyText);
            }
            catch (Exception ex) when (ex is CryptographicException or ArgumentException)
            {
                problems.Add((keyName, $"the {label} in {keyPath} is malformed or does not match the certificate in {certificateFile} (server.tls.certificate): {ex.Message}"));
                return null;
            }

            try
            {
                foreach (var intermediate in Intermediates(certificateText))
                {
                    intermediate.Dispose();
                }
            }
            catch (CryptographicException ex)
            {
                problems.Add(("certificate", $"{certificateFile} holds a malformed certificate after the first one (the chain): {ex.Message}"));
            }

            if (problems.Count > 0)
            {
                withKey.Dispose();
                return null;
            }

            return Exportable(withKey);
        }
    }

    /// <summary>
    /// The certificates after the server's own in its PEM file (a full chain file: the server certificate, then its
    /// intermediates), which the server sends with its own so that a browser can build the chain to its root.
    /// </summary>
    public static X509Certificate2Collection IntermediatesFromFile(string certificateFile) => Intermediates(File.ReadAllText(certificateFile));

    /// <summary>
    /// A self-signed server certificate valid from shortly before <paramref name="now"/> for
    /// <see cref="SelfSignedLifetime"/>, naming <see cref="SubjectAlternativeNames"/>.
    /// </summary>
    public static X509Certificate2 CreateSelfSigned(IPAddress listen, DateTimeOffset now)
    {
        var (dnsNames, addresses) = SubjectAlternativeNames(listen, Dns.GetHostName(), LocalNetwork.Addresses());
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN=wlwebrtc ({dnsNames[^1]}), O=wlwebrtc self-signed", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            names.AddDnsName(name);
        }

        foreach (var address in addresses)
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(ServerAuthenticationOid)], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        using var created = request.CreateSelfSigned(now - ClockSkew, now + SelfSignedLifetime);
        return Exportable(created);
    }

    /// <summary>
    /// The names a browser may connect to: localhost and the loopback addresses always; a specific listen address
    /// itself; for a wildcard listen address (0.0.0.0, ::) the host name and every local address of the machine.
    /// The last DNS name is the most specific one (used in the subject).
    /// </summary>
    public static (IReadOnlyList<string> DnsNames, IReadOnlyList<IPAddress> Addresses) SubjectAlternativeNames(IPAddress listen, string hostName, IEnumerable<IPAddress> localAddresses)
    {
        var dnsNames = new List<string> { "localhost" };
        var addresses = new List<IPAddress> { IPAddress.Loopback, IPAddress.IPv6Loopback };
        var wildcard = listen.Equals(IPAddress.Any) || listen.Equals(IPAddress.IPv6Any);
        if (wildcard)
        {
            if (hostName.Length > 0 && !dnsNames.Contains(hostName, StringComparer.OrdinalIgnoreCase))
            {
                dnsNames.Add(hostName);
            }

            addresses.AddRange(localAddresses.Where(a => !a.IsIPv6LinkLocal));
        }
        else
        {
            addresses.Add(listen);
        }

        return (dnsNames, addresses.Select(a => a.IsIPv4MappedToIPv6 ? a.MapToIPv4() : a).Distinct().ToArray());
    }

    /// <summary>The SHA-256 fingerprint as browsers show it: upper-case hex pairs separated by colons.</summary>
    public static string Sha256Fingerprint(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        var hex = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        return string.Join(':', Enumerable.Range(0, hex.Length / 2).Select(i => hex.Substring(i * 2, 2)));
    }

    private static string? Read(string path, string key, List<(string Key, string Message)> problems)
    {
        try
        {
            if (Directory.Exists(path))
            {
                problems.Add((key, $"{path} is a directory, not a PEM file"));
                return null;
            }

            return File.ReadAllText(path);
        }
        catch (FileNotFoundException)
        {
            problems.Add((key, $"file not found: {path}"));
        }
        catch (DirectoryNotFoundException)
        {
            problems.Add((key, $"file not found: {path}"));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems.Add((key, $"cannot read {path}: {ex.Message}"));
        }

        return null;
    }

    private static X509Certificate2Collection Intermediates(string pem)
    {
        var all = new X509Certificate2Collection();
        all.ImportFromPem(pem);
        if (all.Count > 0)
        {
            all[0].Dispose();
            all.RemoveAt(0);
        }

        return all;
    }

    private static (string Label, string Text)? FindBlock(string pem, string[] labels)
    {
        var offset = 0;
        while (PemEncoding.TryFind(pem.AsSpan(offset), out var fields))
        {
            var label = pem.AsSpan(offset)[fields.Label].ToString();
            var (start, length) = fields.Location.GetOffsetAndLength(pem.Length - offset);
            if (labels.Contains(label, StringComparer.Ordinal))
            {
                return (label, pem.Substring(offset + start, length));
            }

            offset += start + length;
        }

        return null;
    }

    // A certificate whose key lives in memory only is not usable by SslStream on every platform: round-trip it
    // through PKCS#12 so that the key is attached the way the TLS stack expects.
    private static X509Certificate2 Exportable(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }

    private static string Utc(DateTime time) => time.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
}
