using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace WlWebRtc.Transport.WebRtc.AddressWatch;

/// <summary>
/// A NETLINK_ROUTE socket subscribed to address and link notifications (RTMGRP_IPV4_IFADDR, RTMGRP_IPV6_IFADDR,
/// RTMGRP_LINK), read on its own thread. Each datagram's events go to <c>onEvents</c>; a receive error that says the
/// kernel dropped notifications (ENOBUFS) is reported as <see cref="NetlinkEventKind.Overrun"/> so that the watcher
/// reads the whole address list again. Only datagrams from the kernel (sender port id 0) are parsed: another process
/// could otherwise send to this socket's port id. The receive timeout of one second lets the thread see disposal.
/// </summary>
internal sealed unsafe partial class NetlinkAddressSource : IDisposable
{
    private const int BufferSize = 64 * 1024;
    private readonly int _fd;
    private readonly Action<IReadOnlyList<NetlinkEvent>> _onEvents;
    private readonly Action _onFailed;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private volatile bool _disposed;

    private NetlinkAddressSource(int fd, Action<IReadOnlyList<NetlinkEvent>> onEvents, Action onFailed, ILogger logger)
    {
        _fd = fd;
        _onEvents = onEvents;
        _onFailed = onFailed;
        _logger = logger;
        _thread = new Thread(ReceiveLoop) { IsBackground = true, Name = "webrtc-netlink" };
        _thread.Start();
    }

    /// <summary>
    /// Opens the socket, or returns null with the reason (no netlink: a sandbox, a non-Linux kernel). <paramref name="onFailed"/>
    /// runs once if reading fails later (the caller then polls).
    /// </summary>
    public static NetlinkAddressSource? TryOpen(Action<IReadOnlyList<NetlinkEvent>> onEvents, Action onFailed, ILogger logger, out string? error)
    {
        ArgumentNullException.ThrowIfNull(onEvents);
        ArgumentNullException.ThrowIfNull(onFailed);
        int fd;
        try
        {
            fd = InteropNetlink.Socket(InteropNetlink.AF_NETLINK, InteropNetlink.SOCK_RAW | InteropNetlink.SOCK_CLOEXEC, InteropNetlink.NETLINK_ROUTE);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            error = e.Message;
            return null;
        }

        if (fd < 0)
        {
            error = "socket(AF_NETLINK) failed: errno " + Marshal.GetLastPInvokeError();
            return null;
        }

        var address = new InteropNetlink.SockaddrNl { Family = InteropNetlink.AF_NETLINK, Groups = InteropNetlink.AddressAndLinkGroups };
        var timeout = new InteropNetlink.TimeVal { Seconds = 1 };
        var buffer = 1024 * 1024;
        if (InteropNetlink.Bind(fd, &address, (uint)sizeof(InteropNetlink.SockaddrNl)) != 0 ||
            InteropNetlink.SetSockOpt(fd, InteropNetlink.SOL_SOCKET, InteropNetlink.SO_RCVTIMEO, &timeout, (uint)sizeof(InteropNetlink.TimeVal)) != 0)
        {
            error = "binding the netlink socket failed: errno " + Marshal.GetLastPInvokeError();
            _ = InteropNetlink.Close(fd);
            return null;
        }

        // A bigger receive buffer makes a burst (a VPN adding dozens of routes' worth of addresses) less likely to overrun.
        _ = InteropNetlink.SetSockOpt(fd, InteropNetlink.SOL_SOCKET, InteropNetlink.SO_RCVBUF, &buffer, sizeof(int));
        error = null;
        return new NetlinkAddressSource(fd, onEvents, onFailed, logger);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (Thread.CurrentThread != _thread)
        {
            _thread.Join(TimeSpan.FromSeconds(3)); // at most one receive timeout
        }

        _ = InteropNetlink.Close(_fd);
    }

    private void ReceiveLoop()
    {
        var buffer = new byte[BufferSize];
        var events = new List<NetlinkEvent>();
        while (!_disposed)
        {
            nint length;
            var from = default(InteropNetlink.SockaddrNl);
            var fromLength = (uint)sizeof(InteropNetlink.SockaddrNl);
            fixed (byte* pointer = buffer)
            {
                length = InteropNetlink.RecvFrom(_fd, pointer, (nuint)buffer.Length, 0, &from, &fromLength);
            }

            if (length < 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                if (errno == InteropNetlink.ENOBUFS)
                {
                    Deliver([new NetlinkEvent(NetlinkEventKind.Overrun, 0, null, null, 0)]);
                }
                else if (errno is not (InteropNetlink.EAGAIN or InteropNetlink.EINTR))
                {
                    Log.ReceiveFailed(_logger, errno);
                    _onFailed();
                    return;
                }

                continue;
            }

            if (from.Pid != 0)
            {
                continue; // not from the kernel
            }

            events.Clear();
            NetlinkMessageParser.Parse(buffer.AsSpan(0, (int)length), events);
            if (events.Count > 0)
            {
                Deliver([.. events]);
            }
        }
    }

    private void Deliver(IReadOnlyList<NetlinkEvent> events)
    {
        try
        {
            _onEvents(events);
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): a bug in handling one notification must not end the watch
        catch (Exception e)
        {
            Log.HandlerThrew(_logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EventIds.NetlinkReceiveFailed, Level = LogLevel.Warning, Message = "Reading address notifications from netlink failed (errno {Errno}); addresses are polled instead")]
        public static partial void ReceiveFailed(ILogger logger, int errno);

        [LoggerMessage(EventId = EventIds.NetlinkHandlerThrew, Level = LogLevel.Error, Message = "Handling an address notification threw; the watch goes on")]
        public static partial void HandlerThrew(ILogger logger, Exception exception);
    }
}
