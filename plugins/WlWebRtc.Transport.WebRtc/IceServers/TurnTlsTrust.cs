using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WlWebRtc.Transport.WebRtc.IceServers;

/// <summary>
/// Extra roots for <c>turns:</c> servers (<c>turn_tls_ca_file</c>, PEM): a certificate the system does not trust is
/// accepted when its chain ends in one of these. The host name check is never relaxed.
/// </summary>
internal sealed class TurnTlsTrust
{
    private readonly X509Certificate2Collection _roots;

    private TurnTlsTrust(string path, X509Certificate2Collection roots)
    {
        Path = path;
        _roots = roots;
    }

    public string Path { get; }

    public static TurnTlsTrust? TryLoad(string path, out string? error)
    {
        error = null;
        try
        {
            var roots = new X509Certificate2Collection();
            roots.ImportFromPemFile(path);
            if (roots.Count == 0)
            {
                error = $"'{path}' holds no PEM certificate";
                return null;
            }

            return new TurnTlsTrust(path, roots);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            error = $"cannot read certificates from '{path}': {e.Message}";
            return null;
        }
    }

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (certificate is not X509Certificate2 leaf || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
        {
            return false; // no certificate, or a name that does not match: never accepted
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return custom.Build(leaf);
    }
}
