using System.Net;
using System.Net.Sockets;
using WlWebRtc.Ice.Stun;
using WlWebRtc.Transport.WebRtc.IceServers;

namespace WlWebRtc.Transport.WebRtc.Reachability;

/// <summary>
/// Asks each configured STUN server, from each local address (a temporary UDP socket on that address), which address
/// it sees (RFC 8489 binding request, three tries in 1.5 s). Used at start by <c>ice_mode = auto</c> (behind a NAT:
/// full ICE with server-reflexive candidates; a public address: lite) and shown by --list-plugins.
/// </summary>
internal static class StunReachabilityProbe
{
    private static readonly TimeSpan[] Tries = [TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(700)];

    public static async Task<ReachabilityFacts> ProbeAsync(IReadOnlyList<IPAddress> local, IReadOnlyList<StunServerUri> servers, CancellationToken cancellationToken)
    {
        var work = new List<Task<MappedAddress>>();
        foreach (var server in servers)
        {
            IPAddress[] resolved;
            try
            {
                resolved = await Dns.GetHostAddressesAsync(server.Host, cancellationToken).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                work.Add(Task.FromResult(new MappedAddress(server.Uri, IPAddress.None, null, "cannot resolve: " + e.Message)));
                continue;
            }

            foreach (var address in local.Where(a => !IPAddress.IsLoopback(a)))
            {
                if (resolved.FirstOrDefault(r => r.AddressFamily == address.AddressFamily) is { } target)
                {
                    work.Add(AskAsync(server.Uri, address, new IPEndPoint(target, server.Port), cancellationToken));
                }
            }
        }

        return new ReachabilityFacts(local, await Task.WhenAll(work).ConfigureAwait(false));
    }

    private static async Task<MappedAddress> AskAsync(string uri, IPAddress local, IPEndPoint server, CancellationToken cancellationToken)
    {
        try
        {
            using var socket = new Socket(local.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
            socket.Bind(new IPEndPoint(local, 0));
            var request = StunMessageBuilder.Request(StunMethod.Binding);
            var datagram = request.Build();
            var buffer = new byte[1500];
            foreach (var wait in Tries)
            {
                await socket.SendToAsync(datagram, SocketFlags.None, server, cancellationToken).ConfigureAwait(false);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(wait);
                try
                {
                    while (true)
                    {
                        var received = await socket.ReceiveFromAsync(buffer, SocketFlags.None, new IPEndPoint(local.AddressFamily == AddressFamily.InterNetwork ? IPAddress.Any : IPAddress.IPv6Any, 0), timeout.Token).ConfigureAwait(false);
                        if (StunMessage.TryParse(buffer.AsSpan(0, received.ReceivedBytes), out var response) &&
                            response!.TransactionId.Span.SequenceEqual(request.TransactionId) && response.Class == StunClass.SuccessResponse &&
                            (response.XorMappedAddress ?? response.MappedAddress) is { } mapped)
                        {
                            return new MappedAddress(uri, local, mapped, null);
                        }
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    // No answer within this try: send again.
                }
            }

            return new MappedAddress(uri, local, null, "no answer within 1.5 s");
        }
        catch (SocketException e)
        {
            return new MappedAddress(uri, local, null, e.SocketErrorCode.ToString());
        }
    }
}
