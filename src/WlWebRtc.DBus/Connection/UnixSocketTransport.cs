using System.Runtime.InteropServices;
using System.Text;
using static WlWebRtc.DBus.Interop;

namespace WlWebRtc.DBus.Connection;

/// <summary>
/// A blocking AF_UNIX stream socket driven by sendmsg/recvmsg so that descriptors travel as SCM_RIGHTS.
/// Reads happen on one thread (the connection's reader), writes are serialized by the caller.
/// </summary>
internal sealed unsafe class UnixSocketTransport : IDisposable
{
    private const int ControlBufferSize = 4096;

    private readonly SafeSocketFd _fd;
    private readonly Queue<UnixFdHandle> _receivedFds = new();

    private UnixSocketTransport(SafeSocketFd fd)
    {
        _fd = fd;
    }

    /// <summary>Connects to a filesystem path or (with <paramref name="isAbstract"/>) a Linux abstract socket name.</summary>
    public static UnixSocketTransport Connect(string path, bool isAbstract)
    {
        var nameBytes = Encoding.UTF8.GetBytes(path);
        const int sunPathSize = 108;
        var needed = nameBytes.Length + (isAbstract ? 1 : 1);
        if (needed > sunPathSize)
        {
            throw new DBusConnectionException($"The socket path '{path}' is longer than the {sunPathSize - 1} bytes a unix socket address holds.");
        }

        var raw = Libc.Socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (raw < 0)
        {
            throw Failure("socket", Marshal.GetLastPInvokeError());
        }

        var fd = new SafeSocketFd(raw);
        Span<byte> address = stackalloc byte[2 + sunPathSize];
        address.Clear();
        address[0] = Libc.AF_UNIX;
        var offset = isAbstract ? 3 : 2;
        nameBytes.CopyTo(address[offset..]);
        var length = (uint)(offset + nameBytes.Length + (isAbstract ? 0 : 1));
        int result;
        fixed (byte* p = address)
        {
            do
            {
                result = Libc.Connect(fd, p, length);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == Libc.EINTR);
        }

        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw new DBusConnectionException($"Cannot connect to the D-Bus socket {(isAbstract ? "@" : string.Empty)}{path}: {Libc.ErrorText(errno)}.");
        }

        return new UnixSocketTransport(fd);
    }

    /// <summary>Bounds every blocking send/receive (zero disables the bound).</summary>
    public void SetTimeouts(TimeSpan receive, TimeSpan send)
    {
        SetTimeout(Libc.SO_RCVTIMEO, receive);
        SetTimeout(Libc.SO_SNDTIMEO, send);
    }

    /// <summary>Sends all of <paramref name="data"/>; the descriptors go with its first byte.</summary>
    public void Send(ReadOnlySpan<byte> data, IReadOnlyList<SafeHandle> fds)
    {
        var added = new List<SafeHandle>(fds.Count);
        try
        {
            var rawFds = new int[fds.Count];
            for (var i = 0; i < fds.Count; i++)
            {
                var success = false;
                fds[i].DangerousAddRef(ref success);
                added.Add(fds[i]);
                rawFds[i] = (int)fds[i].DangerousGetHandle();
            }

            var sent = 0;
            var controlLength = rawFds.Length == 0 ? 0 : (int)Libc.CMsgAlign((nuint)(sizeof(Libc.CMsgHdr) + (rawFds.Length * sizeof(int))));
            var control = stackalloc byte[Math.Max(controlLength, 1)];
            fixed (byte* dataPointer = data)
            {
                while (sent < data.Length)
                {
                    var iov = new Libc.IoVec { Base = dataPointer + sent, Length = (nuint)(data.Length - sent) };
                    var header = new Libc.MsgHdr { Iov = &iov, IovLength = 1 };
                    if (sent == 0 && rawFds.Length > 0)
                    {
                        new Span<byte>(control, controlLength).Clear();
                        var cmsg = (Libc.CMsgHdr*)control;
                        cmsg->Length = (nuint)(sizeof(Libc.CMsgHdr) + (rawFds.Length * sizeof(int)));
                        cmsg->Level = Libc.SOL_SOCKET;
                        cmsg->Type = Libc.SCM_RIGHTS;
                        rawFds.AsSpan().CopyTo(new Span<int>(control + sizeof(Libc.CMsgHdr), rawFds.Length));
                        header.Control = control;
                        header.ControlLength = (nuint)controlLength;
                    }

                    var result = Libc.SendMsg(_fd, &header, Libc.MSG_NOSIGNAL);
                    if (result < 0)
                    {
                        var errno = Marshal.GetLastPInvokeError();
                        if (errno == Libc.EINTR)
                        {
                            continue;
                        }

                        throw errno == Libc.EAGAIN
                            ? new DBusConnectionException("Sending to the D-Bus daemon timed out: it does not read its socket.")
                            : Failure("sendmsg", errno);
                    }

                    sent += (int)result;
                }
            }
        }
        finally
        {
            foreach (var handle in added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <summary>Fills <paramref name="buffer"/> completely; returns false on a clean end of stream before the first byte.</summary>
    public bool ReceiveExactly(Span<byte> buffer)
    {
        var received = 0;
        var control = stackalloc byte[ControlBufferSize];
        fixed (byte* dataPointer = buffer)
        {
            while (received < buffer.Length)
            {
                var iov = new Libc.IoVec { Base = dataPointer + received, Length = (nuint)(buffer.Length - received) };
                var header = new Libc.MsgHdr { Iov = &iov, IovLength = 1, Control = control, ControlLength = ControlBufferSize };
                var result = Libc.RecvMsg(_fd, &header, Libc.MSG_CMSG_CLOEXEC);
                if (result < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw errno == Libc.EAGAIN
                        ? new DBusConnectionException("Timed out waiting for the D-Bus daemon to answer.")
                        : Failure("recvmsg", errno);
                }

                CollectFds(&header);
                if (result == 0)
                {
                    if (received == 0)
                    {
                        return false;
                    }

                    throw new DBusConnectionException("The D-Bus connection was closed in the middle of a message.");
                }

                received += (int)result;
            }
        }

        return true;
    }

    public int PendingFdCount => _receivedFds.Count;

    /// <summary>Takes the <paramref name="count"/> descriptors that arrived before or with the current message.</summary>
    public UnixFdHandle[] TakeFds(int count)
    {
        if (count > _receivedFds.Count)
        {
            throw new DBusProtocolException($"A message announces {count} unix fds but only {_receivedFds.Count} arrived.");
        }

        var result = new UnixFdHandle[count];
        for (var i = 0; i < count; i++)
        {
            result[i] = _receivedFds.Dequeue();
        }

        return result;
    }

    /// <summary>Wakes up a blocked reader (recvmsg returns 0) without releasing the descriptor under it.</summary>
    public void Shutdown()
    {
        if (!_fd.IsClosed)
        {
            _ = Libc.Shutdown(_fd, Libc.SHUT_RDWR);
        }
    }

    public void Dispose()
    {
        Shutdown();
        _fd.Dispose();
        while (_receivedFds.TryDequeue(out var stray))
        {
            stray.Dispose();
        }
    }

    private void CollectFds(Libc.MsgHdr* header)
    {
        var truncated = (header->Flags & Libc.MSG_CTRUNC) != 0;
        var offset = 0;
        var control = (byte*)header->Control;
        var total = (int)header->ControlLength;
        while (offset + sizeof(Libc.CMsgHdr) <= total)
        {
            var cmsg = (Libc.CMsgHdr*)(control + offset);
            var length = (int)cmsg->Length;
            if (length < sizeof(Libc.CMsgHdr) || offset + length > total)
            {
                break;
            }

            if (cmsg->Level == Libc.SOL_SOCKET && cmsg->Type == Libc.SCM_RIGHTS)
            {
                var count = (length - sizeof(Libc.CMsgHdr)) / sizeof(int);
                var fds = (int*)(control + offset + sizeof(Libc.CMsgHdr));
                for (var i = 0; i < count; i++)
                {
                    _receivedFds.Enqueue(new UnixFdHandle(fds[i], ownsHandle: true));
                }
            }

            offset += (int)Libc.CMsgAlign((nuint)length);
        }

        if (truncated)
        {
            throw new DBusProtocolException("The D-Bus daemon sent more file descriptors than fit in the control buffer (MSG_CTRUNC).");
        }
    }

    private void SetTimeout(int option, TimeSpan timeout)
    {
        var micros = (long)(timeout.TotalMilliseconds * 1000);
        var value = new Libc.TimeVal { Seconds = (nint)(micros / 1_000_000), Microseconds = (nint)(micros % 1_000_000) };
        if (Libc.SetSockOpt(_fd, Libc.SOL_SOCKET, option, &value, (uint)sizeof(Libc.TimeVal)) < 0)
        {
            throw Failure("setsockopt", Marshal.GetLastPInvokeError());
        }
    }

    private static DBusConnectionException Failure(string call, int errno) => new($"{call} on the D-Bus socket failed: {Libc.ErrorText(errno)}.");
}
