using System.Net.Sockets;
using System.Security.Authentication;
using Microsoft.Extensions.Logging;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Ice.Turn;
using WlWebRtc.Transport.WebRtc.IceServers;

namespace WlWebRtc.Transport.WebRtc.Reachability;

/// <summary>
/// Checks each configured TURN server once, the way a session will use it: resolve, connect (TCP/TLS), Allocate with
/// the configured credentials, then release the allocation (zero-lifetime Refresh). Bounded by <see cref="Timeout"/>
/// per server, all servers at once, so a dead or black-holed server is a reason in --list-plugins and a warning at
/// start, never a hang. A failed server does not stop the transport: host and server-reflexive candidates still serve
/// viewers that can reach them.
/// </summary>
internal static class TurnServerCheck
{
    /// <summary>How long one server may take to answer (a TLS handshake and two Allocate round trips on a slow link fit).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<IReadOnlyList<TurnCheckResult>> CheckAsync(IceServerSettings ice, TimeProvider time, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ice);
        if (ice.TurnServers.Count == 0)
        {
            return [];
        }

        var options = ice.TurnServerOptionsFor("wlwebrtc-check", time.GetUtcNow());
        var work = new List<Task<TurnCheckResult>>();
        for (var i = 0; i < ice.TurnServers.Count && i < options.Count; i++)
        {
            work.Add(CheckOneAsync(ice.TurnServers[i], options[i], time, loggerFactory.CreateLogger("WlWebRtc.Ice.Turn"), cancellationToken));
        }

        return await Task.WhenAll(work).ConfigureAwait(false);
    }

    private static async Task<TurnCheckResult> CheckOneAsync(string uri, TurnServerOptions options, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        TurnClient? client = null;
        try
        {
            client = await TurnClient.ConnectAsync(options with { ConnectTimeout = Timeout }, time, logger, timeout.Token).ConfigureAwait(false);
            var allocation = await client.AllocateAsync(timeout.Token).ConfigureAwait(false);
            return new TurnCheckResult(uri, options.Transport, allocation.Relayed.ToString(), null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TurnCheckResult(uri, options.Transport, null, $"no answer within {Timeout.TotalSeconds:0} s (server down, port closed or {options.Transport.ToString().ToUpperInvariant()} blocked on the way)");
        }
        catch (Exception e) when (e is IOException or SocketException or StunTimeoutException or StunErrorResponseException or StunParseException or AuthenticationException)
        {
            var untrusted = e is AuthenticationException || e.InnerException is AuthenticationException;
            return new TurnCheckResult(uri, options.Transport, null, untrusted ? e.Message + " (a private or self-signed certificate: name it in turn_tls_ca_file)" : e.Message);
        }
        finally
        {
            if (client is not null)
            {
                // Releases the allocation (bounded by the client's own 2 s schedule).
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }
}

/// <summary>One TURN server's check: the relayed address it gave, or why it gave none.</summary>
internal sealed record TurnCheckResult(string Uri, TurnTransport Transport, string? Relayed, string? Error)
{
    public bool Ok => Relayed is not null;

    public string Describe() => Ok
        ? $"TURN {Uri} OK ({Transport.ToString().ToLowerInvariant()}, relayed {Relayed})"
        : $"TURN {Uri} FAILED: {Error}";
}
