using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace WlWebRtc.Testing.Turn;

/// <summary>
/// A real coturn (Debian's <c>turnserver</c>) on loopback, started with a temporary config on free ports:
/// long-term credentials (<see cref="Username"/>/<see cref="Password"/>) or, with a secret, TURN REST credentials
/// (<c>use-auth-secret</c>); TLS on <see cref="TlsPort"/> with a self-signed certificate made here.
/// </summary>
public sealed class CoturnServer : IAsyncDisposable
{
    public const string Realm = "wlwebrtc.test";
    public const string Username = "alice";
    public const string Password = "wonderland";

    private readonly Process _process;
    private readonly string _directory;

    private CoturnServer(Process process, string directory, IPAddress address, int port, int tlsPort)
    {
        Address = address;
        _process = process;
        _directory = directory;
        Port = port;
        TlsPort = tlsPort;
    }

    public static string? Executable => new[] { "/usr/bin/turnserver", "/usr/sbin/turnserver" }.FirstOrDefault(File.Exists);

    /// <summary>The address coturn listens and relays on (loopback unless a test names another).</summary>
    public IPAddress Address { get; }

    public int Port { get; }

    public int TlsPort { get; }

    /// <summary>coturn's self-signed TLS certificate (PEM; names localhost and <see cref="Address"/>): what a client trusts for turns:.</summary>
    public string CertificatePath => Path.Combine(_directory, "cert.pem");

    public string Log => File.Exists(Path.Combine(_directory, "turn.log")) ? File.ReadAllText(Path.Combine(_directory, "turn.log")) : "";

    public static Task<CoturnServer> StartAsync(string? sharedSecret = null) => StartAsync(sharedSecret, IPAddress.Loopback);

    /// <summary>Starts coturn listening and relaying on <paramref name="address"/> (e.g. the public side of a <see cref="Network.NatTopology"/>).</summary>
    public static Task<CoturnServer> StartAsync(string? sharedSecret, IPAddress address) => StartAsync(sharedSecret, address, [], null);

    /// <summary>
    /// Starts coturn through <paramref name="commandPrefix"/> (e.g. <c>ip netns exec ns</c>, where it has ports of its
    /// own) with its TLS listener on <paramref name="tlsPort"/> (e.g. 443) or a free port.
    /// </summary>
    public static async Task<CoturnServer> StartAsync(string? sharedSecret, IPAddress address, IReadOnlyList<string> commandPrefix, int? tlsPort)
    {
        ArgumentNullException.ThrowIfNull(address);
        ArgumentNullException.ThrowIfNull(commandPrefix);
        var executable = Executable ?? throw new InvalidOperationException("coturn is not installed: run scripts/install-deps.sh test (it installs the coturn package).");
        var directory = Directory.CreateTempSubdirectory("wlwebrtc-coturn-").FullName;
        var port = FreePort();
        tlsPort ??= FreePort();
        var relayBase = 20000 + Random.Shared.Next(0, 400) * 100;
        WriteSelfSignedCertificate(directory, address);
        var auth = sharedSecret is null
            ? $"lt-cred-mech\nuser={Username}:{Password}\n"
            : $"use-auth-secret\nstatic-auth-secret={sharedSecret}\n";
        var config = $"""
            listening-ip={address}
            relay-ip={address}
            listening-port={port}
            tls-listening-port={tlsPort}
            min-port={relayBase}
            max-port={relayBase + 99}
            realm={Realm}
            {auth}
            fingerprint
            cert={Path.Combine(directory, "cert.pem")}
            pkey={Path.Combine(directory, "key.pem")}
            no-dtls
            no-cli
            no-multicast-peers
            allow-loopback-peers
            pidfile={Path.Combine(directory, "turn.pid")}
            log-file={Path.Combine(directory, "turn.log")}
            simple-log
            """;
        var configPath = Path.Combine(directory, "turnserver.conf");
        await File.WriteAllTextAsync(configPath, config);
        string[] command = [.. commandPrefix, executable, "-c", configPath, "--no-stdout-log"];
        var process = Process.Start(new ProcessStartInfo(command[0], command[1..])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        }) ?? throw new InvalidOperationException("turnserver did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new CoturnServer(process, directory, address, port, tlsPort.Value);
        await server.WaitListeningAsync();
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private async Task WaitListeningAsync()
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        foreach (var p in new[] { Port, TlsPort })
        {
            while (true)
            {
                if (_process.HasExited)
                {
                    throw new InvalidOperationException($"turnserver exited with {_process.ExitCode}: {Log}");
                }

                try
                {
                    using var probe = new TcpClient();
                    await probe.ConnectAsync(Address, p);
                    break;
                }
                catch (SocketException) when (DateTime.UtcNow < deadline)
                {
                    await Task.Delay(100);
                }
            }
        }
    }

    private static int FreePort()
    {
        // A port free for both TCP and UDP right now (coturn listens on both).
        while (true)
        {
            using var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            tcp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)tcp.LocalEndPoint!).Port;
            try
            {
                using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                udp.Bind(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }
    }

    private static void WriteSelfSignedCertificate(string directory, IPAddress address)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(address);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "cert.pem"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "key.pem"), key.ExportPkcs8PrivateKeyPem());
    }
}
