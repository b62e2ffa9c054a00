using System.Runtime.InteropServices;
using System.Text;
using static WlWebRtc.Unix.Interop;

namespace WlWebRtc.Unix;

/// <summary>
/// A blocking AF_UNIX stream socket driven by sendmsg/recvmsg, so that descriptors travel with the bytes as
/// SCM_RIGHTS (.NET sockets cannot pass them). One thread may receive while another sends; concurrent senders
/// must serialize themselves. <see cref="Shutdown"/> wakes a blocked receiver (it then reads the end of the stream).
/// </summary>
public sealed unsafe class UnixStreamSocket : IDisposable
{
    /// <summary>SCM_MAX_FD: the most descriptors the kernel passes in one message.</summary>
    public const int MaxFdsPerMessage = 253;

    private const int SunPathSize = 108;

    private readonly UnixFd _fd;

    private UnixStreamSocket(UnixFd fd)
    {
        _fd = fd;
    }

    /// <summary>Connects to a filesystem path or (with <paramref name="isAbstract"/>) a Linux abstract socket name.</summary>
    /// <exception cref="ArgumentException">The name does not fit in a socket address.</exception>
    /// <exception cref="UnixException">socket or connect failed.</exception>
    public static UnixStreamSocket Connect(string path, bool isAbstract = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var name = Encoding.UTF8.GetBytes(path);
        if (name.Length + 1 > SunPathSize)
        {
            throw new ArgumentException($"The socket path '{path}' is longer than the {SunPathSize - 1} bytes a unix socket address holds.", nameof(path));
        }

        var raw = Libc.Socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
        if (raw < 0)
        {
            throw UnixException.FromLastError("socket");
        }

        var fd = new UnixFd(raw, ownsHandle: true);

        // sockaddr_un: sa_family, then the path NUL-terminated, or a NUL and the abstract name (not terminated)
        Span<byte> address = stackalloc byte[2 + SunPathSize];
        address.Clear();
        address[0] = Libc.AF_UNIX;
        var offset = isAbstract ? 3 : 2;
        name.CopyTo(address[offset..]);
        var length = (uint)(offset + name.Length + (isAbstract ? 0 : 1));
        int result;
        fixed (byte* pointer = address)
        {
            do
            {
                result = Libc.Connect(fd, pointer, length);
            }
            while (result < 0 && Marshal.GetLastPInvokeError() == UnixException.EINTR);
        }

        if (result < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            fd.Dispose();
            throw new UnixException("connect", errno, $"Cannot connect to the unix socket {(isAbstract ? "@" : string.Empty)}{path}: {UnixException.Describe(errno)}");
        }

        return new UnixStreamSocket(fd);
    }

    /// <summary>Two connected sockets (socketpair), for tests.</summary>
    internal static (UnixStreamSocket First, UnixStreamSocket Second) CreatePair()
    {
        var fds = stackalloc int[2];
        if (Libc.SocketPair(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0, fds) < 0)
        {
            throw UnixException.FromLastError("socketpair");
        }

        return (new UnixStreamSocket(new UnixFd(fds[0], ownsHandle: true)), new UnixStreamSocket(new UnixFd(fds[1], ownsHandle: true)));
    }

    /// <summary>Bounds every blocking receive and send (<see cref="TimeSpan.Zero"/> waits for ever); an expired bound throws a <see cref="UnixException"/> with <see cref="UnixException.IsTimeout"/>.</summary>
    public void SetTimeouts(TimeSpan receive, TimeSpan send)
    {
        SetTimeout(Libc.SO_RCVTIMEO, receive);
        SetTimeout(Libc.SO_SNDTIMEO, send);
    }

    /// <summary>One sendmsg: writes what the socket takes of <paramref name="data"/> (at least one byte) and returns how much; <paramref name="fds"/> go with its first byte.</summary>
    /// <exception cref="UnixException">sendmsg failed (or timed out).</exception>
    public int Send(ReadOnlySpan<byte> data, ReadOnlySpan<SafeHandle> fds = default)
    {
        if (data.IsEmpty)
        {
            throw new ArgumentException("At least one byte must carry the message (descriptors travel with data).", nameof(data));
        }

        if (fds.Length > MaxFdsPerMessage)
        {
            throw new ArgumentException($"At most {MaxFdsPerMessage} descriptors go in one message, not {fds.Length}.", nameof(fds));
        }

        var added = 0;
        try
        {
            var controlLength = fds.IsEmpty ? 0 : Libc.CMsgSpace(fds.Length);
            var control = stackalloc byte[Math.Max(controlLength, 1)];
            if (!fds.IsEmpty)
            {
                new Span<byte>(control, controlLength).Clear();
                var header = (Libc.CMsgHdr*)control;
                header->Length = (nuint)Libc.CMsgLength(fds.Length);
                header->Level = Libc.SOL_SOCKET;
                header->Type = Libc.SCM_RIGHTS;
                var slots = (int*)(control + sizeof(Libc.CMsgHdr));
                for (; added < fds.Length; added++)
                {
                    // the reference keeps the descriptor number from being closed and reused until sendmsg returns
                    var success = false;
                    fds[added].DangerousAddRef(ref success);
                    slots[added] = (int)fds[added].DangerousGetHandle();
                }
            }

            fixed (byte* pointer = data)
            {
                var vector = new Libc.IoVec { Base = pointer, Length = (nuint)data.Length };
                var message = new Libc.MsgHdr { Iov = &vector, IovLength = 1 };
                if (controlLength > 0)
                {
                    message.Control = control;
                    message.ControlLength = (nuint)controlLength;
                }

                nint sent;
                do
                {
                    sent = Libc.SendMsg(_fd, &message, Libc.MSG_NOSIGNAL);
                }
                while (sent < 0 && Marshal.GetLastPInvokeError() == UnixException.EINTR);

                return sent < 0 ? throw UnixException.FromLastError("sendmsg") : (int)sent;
            }
        }
        finally
        {
            for (var i = 0; i < added; i++)
            {
                fds[i].DangerousRelease();
            }
        }
    }

    /// <summary>Writes all of <paramref name="data"/>; <paramref name="fds"/> go with its first byte.</summary>
    /// <exception cref="UnixException">sendmsg failed (or timed out); part of the data may have been written.</exception>
    public void SendAll(ReadOnlySpan<byte> data, ReadOnlySpan<SafeHandle> fds = default)
    {
        var sent = Send(data, fds);
        while (sent < data.Length)
        {
            sent += Send(data[sent..]);
        }
    }

    /// <summary>
    /// One recvmsg into <paramref name="buffer"/>: returns the bytes read, 0 at the end of the stream. Descriptors that
    /// arrived with them are added to <paramref name="fds"/> (the caller owns them), or closed when it is null.
    /// </summary>
    /// <exception cref="UnixException">recvmsg failed or timed out, or more descriptors arrived than fit (EMSGSIZE; those that fit were still added).</exception>
    public int Receive(Span<byte> buffer, ICollection<UnixFd>? fds)
    {
        var controlSize = Libc.CMsgSpace(MaxFdsPerMessage);
        var control = stackalloc byte[controlSize];
        fixed (byte* pointer = buffer)
        {
            var vector = new Libc.IoVec { Base = pointer, Length = (nuint)buffer.Length };
            var message = new Libc.MsgHdr { Iov = &vector, IovLength = 1, Control = control, ControlLength = (nuint)controlSize };
            nint received;
            do
            {
                received = Libc.RecvMsg(_fd, &message, Libc.MSG_CMSG_CLOEXEC);
            }
            while (received < 0 && Marshal.GetLastPInvokeError() == UnixException.EINTR);

            if (received < 0)
            {
                throw UnixException.FromLastError("recvmsg");
            }

            CollectFds(&message, fds);
            return (int)received;
        }
    }

    /// <summary>Shuts both directions down: a blocked receive returns 0, the descriptor stays valid until disposed.</summary>
    public void Shutdown()
    {
        if (!_fd.IsClosed)
        {
            _ = Libc.Shutdown(_fd, Libc.SHUT_RDWR);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Shutdown();
        _fd.Dispose();
    }

    private static void CollectFds(Libc.MsgHdr* message, ICollection<UnixFd>? sink)
    {
        var control = (byte*)message->Control;
        var total = (int)message->ControlLength;
        var offset = 0;
        while (offset + sizeof(Libc.CMsgHdr) <= total)
        {
            var header = (Libc.CMsgHdr*)(control + offset);
            var length = (int)header->Length;
            if (length < sizeof(Libc.CMsgHdr) || offset + length > total)
            {
                break;
            }

            if (header->Level == Libc.SOL_SOCKET && header->Type == Libc.SCM_RIGHTS)
            {
                var count = (length - sizeof(Libc.CMsgHdr)) / sizeof(int);
                var received = (int*)(control + offset + sizeof(Libc.CMsgHdr));
                for (var i = 0; i < count; i++)
                {
                    var fd = new UnixFd(received[i], ownsHandle: true);
                    if (sink is null)
                    {
                        fd.Dispose();
                    }
                    else
                    {
                        sink.Add(fd);
                    }
                }
            }

            offset += (int)Libc.CMsgAlign((nuint)length);
        }

        if ((message->Flags & Libc.MSG_CTRUNC) != 0)
        {
            throw new UnixException("recvmsg", UnixException.EMSGSIZE, "The peer sent more file descriptors than fit in the control buffer (MSG_CTRUNC); the rest were closed by the kernel.");
        }
    }

    private void SetTimeout(int option, TimeSpan timeout)
    {
        var micros = (long)(timeout.TotalMilliseconds * 1000);
        var value = new Libc.TimeVal { Seconds = (nint)(micros / 1_000_000), Microseconds = (nint)(micros % 1_000_000) };
        if (Libc.SetSockOpt(_fd, Libc.SOL_SOCKET, option, &value, (uint)sizeof(Libc.TimeVal)) < 0)
        {
            throw UnixException.FromLastError("setsockopt");
        }
    }
}
