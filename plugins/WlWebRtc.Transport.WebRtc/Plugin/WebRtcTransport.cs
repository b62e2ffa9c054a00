using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using WlWebRtc.Media;
using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Transport.WebRtc.Dtls;
using WlWebRtc.Transport.WebRtc.Ice;
using WlWebRtc.Transport.WebRtc.Reachability;
using WlWebRtc.Transport.WebRtc.Session;

namespace WlWebRtc.Transport.WebRtc.Plugin;

/// <summary>The started transport: the certificate, the shared sockets (single-port mode) and the sessions.</summary>
internal sealed partial class WebRtcTransport : ITransport, IIceServerSource, IReachabilityReport
{
    private readonly ILogger _logger;
    private readonly SocketSet? _shared;
    private readonly ConcurrentDictionary<WebRtcPeerSession, byte> _sessions = new();
    private readonly ConditionalWeakTable<EncodedAccessUnit, H264PacketPlan> _plans = [];
    private IReadOnlyList<IPAddress> _addresses;
    private readonly Timer _consentTimer;
    private readonly AddressWatch.LocalAddressWatcher? _watcher;
    private int _disposed;

    public WebRtcTransport(WebRtcTransportOptions options, DtlsCertificate certificate, ILoggerFactory loggerFactory, TimeProvider time, IPAddress? listenAddress = null)
    {
        Options = options;
        Certificate = certificate;
        LoggerFactory = loggerFactory;
        Time = time;
        _logger = loggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc");
        _addresses = InterfaceAddresses.Resolve(options, listenAddress);
        if (_addresses.Count == 0)
        {
            throw new InvalidOperationException("No usable local address for host candidates (check transport.webrtc.interfaces and exclude_interfaces).");
        }

        if (options.SinglePort)
        {
            var demux = new UdpDemultiplexer(time);
            var endpoints = Bind(demux, options.Port, options.Port);
            _shared = new SocketSet(demux, endpoints, ownedBySession: false)
            {
                AnnouncedAddresses = options.AnnouncedAddresses,
                AnnounceLocal = options.AnnounceLocal,
            };
            var orphan = options.AnnouncedAddresses.FirstOrDefault(a => !endpoints.Any(e => e.LocalEndPoint.AddressFamily == a.AddressFamily));
            if (orphan is not null)
            {
                endpoints.ForEach(e => e.Dispose());
                throw new InvalidOperationException(
                    $"transport.webrtc.announced_addresses: {orphan} has no local {(orphan.AddressFamily == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} socket to receive its traffic " +
                    $"(local addresses: {string.Join(", ", _addresses)}; check transport.webrtc.interfaces and ipv6).");
            }
        }

        // Said once at start: "works on the LAN, black screen from outside" begins with which addresses are offered.
        if (_logger.IsEnabled(LogLevel.Information))
        {
            var local = string.Join(", ", _shared?.Endpoints.Select(e => e.LocalEndPoint.ToString()) ?? _addresses.Select(a => a.ToString()));
            var announced = options.AnnouncedAddresses.Count == 0 ? "none" : string.Join(", ", options.AnnouncedAddresses);
            Log.Gathering(_logger, local, announced, options.AnnounceLocal);
            Log.IceMode(_logger, options.Ice.UseFullIce ? "full" : "lite", options.Ice.StunServers.Count, options.Ice.TurnServers.Count);
        }

        _consentTimer = new Timer(_ => CheckConsent(), null, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(500));
        if (options.WatchAddresses)
        {
            _watcher = new AddressWatch.LocalAddressWatcher(_addresses, () => InterfaceAddresses.Resolve(options, listenAddress), ApplyAddressChange, time,
                loggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc.Addresses"));
            _watcher.Start();
        }
    }

    /// <summary>The addresses host candidates are gathered on now.</summary>
    public IReadOnlyList<IPAddress> Addresses => Volatile.Read(ref _addresses);

    /// <summary>What the start's STUN and TURN checks found (null without STUN/TURN servers: nothing was checked).</summary>
    public ReachabilityFacts? StartFacts { get; init; }

    /// <summary>
    /// For status: the addresses offered now (they follow the address watch), the ICE mode, and the start's STUN/TURN
    /// findings (the same words as --list-plugins).
    /// </summary>
    public string Reachability
    {
        get
        {
            var text = "local " + string.Join(", ", Addresses) + (Options.AnnouncedAddresses.Count > 0 ? "; announced " + string.Join(", ", Options.AnnouncedAddresses) : string.Empty) +
                "; ICE " + (Options.Ice.UseFullIce ? "full" : "lite");
            return StartFacts is { } facts ? text + "; at start: " + facts.Describe() : text;
        }
    }

    /// <summary>The address watch (null with watch_addresses = false); tests signal it.</summary>
    internal AddressWatch.LocalAddressWatcher? AddressWatcher => _watcher;

    public WebRtcTransportOptions Options { get; }

    public DtlsCertificate Certificate { get; }

    public ILoggerFactory LoggerFactory { get; }

    public TimeProvider Time { get; }

    public DtlsTimers DtlsTimers => new(Options.DtlsResendMillis, Options.DtlsTimeoutMillis);

    /// <summary>The shared sockets in single-port mode (tests send hostile datagrams there).</summary>
    public SocketSet? SharedSockets => _shared;

    public IPeerSession CreateSession(PeerSessionOptions options, IPeerSessionObserver observer)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(observer);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        SocketSet sockets;
        if (_shared is not null)
        {
            sockets = _shared;
        }
        else
        {
            var demux = new UdpDemultiplexer(Time);
            sockets = new SocketSet(demux, Bind(demux, Options.PortMin, Options.PortMax), ownedBySession: true);
        }

        var session = new WebRtcPeerSession(this, sockets, options, observer);
        _sessions[session] = 0;
        return session;
    }

    /// <summary>
    /// What viewers should put in RTCPeerConnection's iceServers: the configured STUN and TURN servers, TURN with
    /// credentials minted now for this one viewer when a shared secret is configured (never the secret itself).
    /// </summary>
    public IReadOnlyList<IceServer> GetIceServers()
    {
        var ice = Options.Ice;
        var list = new List<IceServer>();
        if (ice.StunServers.Count > 0)
        {
            list.Add(new IceServer([.. ice.StunServers.Select(s => s.Uri)]));
        }

        if (ice.TurnServers.Count > 0 && ice.TurnCredentialsFor("viewer", Time.GetUtcNow()) is { } credentials)
        {
            list.Add(new IceServer([.. ice.TurnServers], credentials.Username, credentials.Credential));
        }

        return list;
    }

    /// <summary>The packet layout of a frame, computed once and shared by every viewer that sends it.</summary>
    public H264PacketPlan GetPlan(EncodedAccessUnit accessUnit) =>
        _plans.GetValue(accessUnit, au =>
        {
            // With FEC on, viewers that negotiated it (browsers offer red and ulpfec) cut frames smaller to leave room
            // for FEC (RtpVideoSenderOptions.PacketizationPayloadSize); the others build their own plan.
            var plan = new H264PacketPlan(Options.Fec.Enabled ? Options.Mtu - RtpVideoSenderOptions.FecPayloadReserve : Options.Mtu);
            plan.Build(au.Data.Span);
            return plan;
        });

    internal void Forget(WebRtcPeerSession session) => _sessions.TryRemove(session, out _);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _watcher?.Dispose();
        await _consentTimer.DisposeAsync().ConfigureAwait(false);
        foreach (var session in _sessions.Keys)
        {
            await session.DisposeAsync().ConfigureAwait(false);
        }

        if (_shared is not null)
        {
            foreach (var endpoint in _shared.Endpoints)
            {
                endpoint.Dispose();
            }
        }
    }

    private void CheckConsent()
    {
        _shared?.Demultiplexer.ExpireTransactions();
        foreach (var session in _sessions.Keys)
        {
            session.CheckConsent();
        }
    }

    /// <summary>
    /// The local addresses changed (<see cref="AddressWatch.LocalAddressWatcher"/>, on its timer thread): each socket set
    /// (the shared one, or every session's own) gets a socket on each new address, on the configured fixed port when
    /// there is one, and loses those on removed addresses; then every session hears of it (a full agent gathers on the
    /// new sockets, a live session asks its viewer for an ICE restart). Returns the new addresses no socket could be
    /// bound on (an IPv6 address still in duplicate address detection), which the watcher tries again at its next change.
    /// </summary>
    internal IReadOnlyCollection<IPAddress> ApplyAddressChange(AddressWatch.LocalAddressChange change)
    {
        if (_disposed != 0)
        {
            return [];
        }

        var failed = new HashSet<IPAddress>();
        var logger = LoggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc.Udp");
        var sets = _shared is not null ? [_shared] : _sessions.Keys.Select(s => s.Sockets).Distinct().ToArray();
        var closed = new List<UdpEndpoint>();
        foreach (var set in sets)
        {
            var added = new List<UdpEndpoint>();
            foreach (var address in change.Added)
            {
                var (min, max) = _shared is not null ? (Options.Port, Options.Port) : (Options.PortMin, Options.PortMax);
                var endpoint = TryBind(address, set.Demultiplexer, min, max, logger);
                if (endpoint is null)
                {
                    failed.Add(address);
                    continue;
                }

                Log.SocketBound(_logger, endpoint.LocalEndPoint);
                added.Add(endpoint);
            }

            closed.AddRange(set.Update(added, change.Removed));
        }

        Volatile.Write(ref _addresses, [.. change.Current.Where(a => !failed.Contains(a))]);
        foreach (var session in _sessions.Keys)
        {
            session.OnLocalAddressesChanged();
        }

        // Closed after the sessions moved on: a session mid-send on one of them sends into a disposed socket, which drops.
        foreach (var endpoint in closed)
        {
            Log.SocketClosed(_logger, endpoint.LocalEndPoint);
            endpoint.Dispose();
        }

        if (_shared is not null && Options.AnnouncedAddresses.FirstOrDefault(a => !_shared.Endpoints.Any(e => e.LocalEndPoint.AddressFamily == a.AddressFamily)) is { } orphan)
        {
            Log.AnnouncedOrphaned(_logger, orphan);
        }

        return failed;
    }

    private List<UdpEndpoint> Bind(UdpDemultiplexer demux, int portMin, int portMax)
    {
        var endpoints = new List<UdpEndpoint>();
        var logger = LoggerFactory.CreateLogger("WlWebRtc.Transport.WebRtc.Udp");
        try
        {
            foreach (var address in _addresses)
            {
                var endpoint = portMin != 0 && portMin == portMax
                    ? BindFixed(address, demux, portMin, logger)
                    : TryBind(address, demux, portMin, portMax, logger);
                if (endpoint is not null)
                {
                    endpoints.Add(endpoint);
                }
            }
        }
        catch
        {
            endpoints.ForEach(e => e.Dispose());
            throw;
        }

        if (endpoints.Count == 0)
        {
            throw new InvalidOperationException(portMin == portMax
                ? $"Could not bind UDP port {portMin} on any of {string.Join(", ", _addresses)}."
                : $"No free UDP port in {portMin}-{portMax} on any of {string.Join(", ", _addresses)}.");
        }

        return endpoints;
    }

    /// <summary>
    /// The configured fixed port: taken by another process it is a start error, not a silently missing candidate,
    /// because the operator forwards and announces exactly that port.
    /// </summary>
    private UdpEndpoint? BindFixed(IPAddress address, UdpDemultiplexer demux, int port, ILogger logger)
    {
        try
        {
            return new UdpEndpoint(new IPEndPoint(address, port), demux, logger);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            throw new InvalidOperationException(PortTakenMessage(address, port, ex.SocketErrorCode), ex);
        }
        catch (SocketException ex)
        {
            Log.BindFailed(_logger, address, port, ex.SocketErrorCode);
            return null;
        }
    }

    /// <summary>The sentence for a fixed port that cannot be bound (start error and probe reason).</summary>
    internal static string PortTakenMessage(IPAddress address, int port, SocketError error) => error == SocketError.AccessDenied
        ? $"transport.webrtc.port {port}: binding UDP {new IPEndPoint(address, port)} was refused (a port below 1024 needs CAP_NET_BIND_SERVICE)"
        : $"transport.webrtc.port {port}: UDP {new IPEndPoint(address, port)} is already in use by another process (stop it or choose another port)";

    private UdpEndpoint? TryBind(IPAddress address, UdpDemultiplexer demux, int portMin, int portMax, ILogger logger)
    {
        var first = portMin;
        var last = portMin == 0 ? 0 : portMax;
        var start = first == last ? first : Random.Shared.Next(first, last + 1);
        for (var i = 0; i <= last - first; i++)
        {
            var port = first == last ? first : first + ((start - first + i) % (last - first + 1));
            try
            {
                return new UdpEndpoint(new IPEndPoint(address, port), demux, logger);
            }
            catch (SocketException ex)
            {
                Log.BindFailed(_logger, address, port, ex.SocketErrorCode);
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.AddressSocketBound, Level = LogLevel.Information, Message = "WebRTC: new local address, socket bound on {LocalEndPoint}")]
        public static partial void SocketBound(ILogger logger, IPEndPoint localEndPoint);

        [LoggerMessage(EventId = EventIds.AddressSocketClosed, Level = LogLevel.Information, Message = "WebRTC: local address gone, socket on {LocalEndPoint} closed")]
        public static partial void SocketClosed(ILogger logger, IPEndPoint localEndPoint);

        [LoggerMessage(EventId = EventIds.AnnouncedAddressOrphaned, Level = LogLevel.Warning, Message = "WebRTC: announced address {Address} has no local socket of its family any more; it is not offered until one comes back")]
        public static partial void AnnouncedOrphaned(ILogger logger, IPAddress address);

        [LoggerMessage(EventId = EventIds.IceModeChosen, Level = LogLevel.Information, Message = "WebRTC ICE: {Mode} ({Stun} STUN, {Turn} TURN servers)")]
        public static partial void IceMode(ILogger logger, string mode, int stun, int turn);

        [LoggerMessage(EventId = EventIds.UdpBindFailed, Level = LogLevel.Debug, Message = "Could not bind UDP {Address} port {Port}: {Error}")]
        public static partial void BindFailed(ILogger logger, IPAddress address, int port, SocketError error);

        [LoggerMessage(EventId = EventIds.HostCandidates, Level = LogLevel.Information, Message = "WebRTC host candidates on {Local} (offered: {AnnounceLocal}); announced addresses: {Announced}")]
        public static partial void Gathering(ILogger logger, string local, string announced, bool announceLocal);
    }
}
