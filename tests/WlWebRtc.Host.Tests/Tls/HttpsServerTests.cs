using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using WlWebRtc.Host.Tests.Support;
using WlWebRtc.Testing.Browser;
using WlWebRtc.Testing.Server;

namespace WlWebRtc.Host.Tests.Tls;

/// <summary>
/// The real server (testpattern, x264) over HTTPS, self-signed and from PEM files: the certificate served, the viewer
/// page and its WebSocket signaling in headless Chromium (decoding frames), a WHEP session whose HTTP goes through a
/// client that pins the certificate, plain HTTP refused, and what the log tells the user.
/// </summary>
public sealed partial class HttpsServerTests : IDisposable
{
    private const string Token = "tls-test-token-0123456789";
    private readonly TempDirectory _dir = new("wlwebrtc-https-");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Start_SelfSigned_ServesTheViewerAndWhepOverHttpsWithTheLoggedFingerprint()
    {
        await using var server = await StartAsync("self_signed = true");

        var (certificate, errors) = await FetchCertificateAsync(server.BaseUrl);
        var logged = FingerprintLine().Match(server.Output);
        Assert.True(logged.Success, $"no self-signed fingerprint in the log:\n{server.Output}");
        Assert.Equal(Convert.ToHexString(SHA256.HashData(certificate.RawData)), logged.Groups[1].Value.Replace(":", "", StringComparison.Ordinal));

        // What a browser checks once the user accepts the certificate: the name matches, and it is a server certificate.
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, errors);
        var (localhost, localhostErrors) = await FetchCertificateAsync(new UriBuilder(server.BaseUrl) { Host = "localhost" }.Uri);
        Assert.Equal(certificate.Thumbprint, localhost.Thumbprint);
        Assert.False(localhostErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch), "the certificate does not name localhost");
        Assert.Contains("1.3.6.1.5.5.7.3.1", certificate.Extensions.OfType<X509EnhancedKeyUsageExtension>().Single().EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value));

        await AssertServesOverHttpsOnlyAsync(server, certificate);
    }

    [Theory]
    [InlineData(PemKeyKind.Ecdsa)]
    [InlineData(PemKeyKind.Rsa)]
    public async Task Start_PemFiles_ServesThatCertificateForTheViewerAndWhep(PemKeyKind kind)
    {
        using var files = PemFiles.CreateValid(kind);
        var (certificatePath, keyPath) = PemFiles.Write(files, _dir.Path);
        await using var server = await StartAsync($"certificate = \"{certificatePath}\"\nkey = \"{keyPath}\"");

        var (served, errors) = await FetchCertificateAsync(server.BaseUrl);

        Assert.Equal(files.Thumbprint, served.Thumbprint);
        Assert.Equal(SslPolicyErrors.RemoteCertificateChainErrors, errors);
        Assert.Contains($"HTTPS with certificate CN=localhost, SHA-256 fingerprint {WlWebRtc.Host.Server.TlsCertificates.Sha256Fingerprint(files)}", server.Output, StringComparison.Ordinal);
        await AssertServesOverHttpsOnlyAsync(server, files);
    }

    [Fact]
    public async Task Start_FullChainPemFile_SendsTheIntermediateSoAClientTrustingOnlyTheRootAccepts()
    {
        var (root, intermediate, leaf) = PemFiles.CreateChain();
        using (root)
        using (intermediate)
        using (leaf)
        {
            var (fullChain, key) = PemFiles.WriteFullChain(leaf, intermediate, _dir.Path);
            await using var server = await StartAsync($"certificate = \"{fullChain}\"\nkey = \"{key}\"");
            string[] sent = [];
            string? problem = "not validated";
            using var handler = new HttpClientHandler
            {
                // What a browser with the root installed does: the chain from the handshake, trusted only via the root.
                ServerCertificateCustomValidationCallback = (_, certificate, handshake, errors) =>
                {
                    sent = handshake!.ChainPolicy.ExtraStore.Select(c => c.Thumbprint).ToArray();
                    using var verify = new X509Chain();
                    verify.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                    verify.ChainPolicy.CustomTrustStore.Add(root);
                    verify.ChainPolicy.ExtraStore.AddRange(handshake.ChainPolicy.ExtraStore.Where(c => c.Thumbprint != root.Thumbprint).ToArray());
                    verify.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                    var built = verify.Build(certificate!);
                    problem = built && (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) == 0
                        ? null
                        : $"{errors}; {string.Join("; ", verify.ChainStatus.Select(s => s.StatusInformation))}";
                    return problem is null;
                },
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };

            using var response = await http.GetAsync(server.BaseUrl);

            Assert.Null(problem);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains(intermediate.Thumbprint, sent);
            Assert.Contains("1 intermediate certificate(s) sent with it", server.Output, StringComparison.Ordinal);
        }
    }

    private static async Task AssertServesOverHttpsOnlyAsync(ServerProcess server, X509Certificate2 pinned)
    {
        Assert.Equal(Uri.UriSchemeHttps, server.BaseUrl.Scheme);
        Assert.Contains($"Serving viewers at https://127.0.0.1:{server.BaseUrl.Port}/?token={Token} ", server.Output, StringComparison.Ordinal);

        using var http = PinnedClient(pinned);
        using (var page = await http.GetAsync(server.BaseUrl))
        {
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Contains("viewer.js", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        using (var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) })
        {
            var refused = await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetAsync(new UriBuilder(server.BaseUrl) { Scheme = "http" }.Uri));
            Assert.NotNull(refused);
        }

        // Chromium trusts exactly this certificate (by its public key), as a user who accepted it would.
        var spki = Convert.ToBase64String(SHA256.HashData(pinned.PublicKey.ExportSubjectPublicKeyInfo()));
        await using var browser = await HeadlessChromium.LaunchAsync(extraFlags: [$"--ignore-certificate-errors-spki-list={spki}"]);
        var viewer = await browser.Context.NewPageAsync();
        await viewer.GotoAsync(server.ViewerUrl);
        var decoded = await PollAsync(viewer, "() => window.wlwebrtcViewer ? window.wlwebrtcViewer.stats.framesDecoded : 0", 10, $"the viewer over https decoded no frames\n{string.Join('\n', browser.ConsoleLines)}\n{server.Output}");
        Assert.True(decoded >= 10);

        // WHEP: a real Chromium offer, POSTed by the pinning client; the answer goes back into the same peer.
        var whepPage = await browser.Context.NewPageAsync();
        await whepPage.GotoAsync(server.BaseUrl.ToString());
        var offer = await whepPage.EvaluateAsync<string>(WhepOffer);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.WhepUrl) { Content = new StringContent(offer) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/sdp");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var answer = await http.SendAsync(request);
        var body = await answer.Content.ReadAsStringAsync();
        Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{answer.StatusCode}: {body}");
        Assert.Equal("application/sdp", answer.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(answer.Headers.Location);
        Assert.StartsWith("v=0", body, StringComparison.Ordinal);
        await whepPage.EvaluateAsync("sdp => window.pc.setRemoteDescription({ type: 'answer', sdp })", body);
        var whepFrames = await PollAsync(whepPage, WhepFramesDecoded, 5, $"the WHEP peer decoded no frames\n{string.Join('\n', browser.ConsoleLines)}\n{server.Output}");
        Assert.True(whepFrames >= 5);
    }

    private async Task<ServerProcess> StartAsync(string tls) =>
        await ServerProcess.StartAsync(new ServerLaunch("testpattern", Token, $"""
            [server.tls]
            enabled = true
            {tls}

            [capture.testpattern]
            width = 896
            height = 512
            fps = 30
            """)
        {
            Https = true,
            StartTimeout = TimeSpan.FromSeconds(40),
            Environment = new Dictionary<string, string?>
            {
                ["XDG_CONFIG_HOME"] = _dir.Combine("config-home"),
                ["XDG_DATA_HOME"] = _dir.Combine("data-home"),
                ["WAYLAND_DISPLAY"] = null,
                ["DBUS_SESSION_BUS_ADDRESS"] = null,
            },
        });

    /// <summary>Connects like a browser would (validating the chain and the name) and returns what it saw.</summary>
    private static async Task<(X509Certificate2 Certificate, SslPolicyErrors Errors)> FetchCertificateAsync(Uri url)
    {
        X509Certificate2? seen = null;
        var errors = SslPolicyErrors.None;
        using var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, policyErrors) =>
            {
                seen = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.RawData);
                errors = policyErrors;
                return true;
            },
        };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (seen ?? throw new InvalidOperationException("no server certificate was presented"), errors);
    }

    /// <summary>A client that accepts the server only when it presents exactly <paramref name="pinned"/>.</summary>
    private static HttpClient PinnedClient(X509Certificate2 pinned)
    {
        var thumbprint = pinned.Thumbprint;
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == thumbprint,
        };
        return new HttpClient(handler, disposeHandler: true) { Timeout = TimeSpan.FromSeconds(10) };
    }

    private static async Task<long> PollAsync(IPage page, string script, long atLeast, string failure)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        long value = 0;
        while (DateTime.UtcNow < deadline)
        {
            value = (await page.EvaluateAsync<JsonElement>(script)).GetInt64();
            if (value >= atLeast)
            {
                return value;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{value} < {atLeast} after 20 s: {failure}");
    }

    // Runs in a page of the server's https origin (the viewer without a token, which stays idle): a secure context.
    private const string WhepOffer = """
        async () => {
          window.fakeStream = await navigator.mediaDevices.getUserMedia({ video: true });
          const pc = new RTCPeerConnection({ iceServers: [] });
          window.pc = pc;
          pc.addTransceiver('video', { direction: 'recvonly' });
          await pc.setLocalDescription(await pc.createOffer());
          await new Promise(resolve => {
            if (pc.iceGatheringState === 'complete') return resolve();
            pc.onicegatheringstatechange = () => { if (pc.iceGatheringState === 'complete') resolve(); };
            setTimeout(resolve, 3000);
          });
          return pc.localDescription.sdp;
        }
        """;

    private const string WhepFramesDecoded = """
        async () => {
          let frames = 0;
          (await window.pc.getStats()).forEach(s => { if (s.type === 'inbound-rtp' && s.kind === 'video') frames = s.framesDecoded || 0; });
          return frames;
        }
        """;

    [GeneratedRegex("self-signed certificate made at start, SHA-256 fingerprint ((?:[0-9A-F]{2}:){31}[0-9A-F]{2})")]
    private static partial Regex FingerprintLine();
}
