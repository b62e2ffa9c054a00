using System.Runtime.InteropServices;
using WlWebRtc.Unix;

namespace WlWebRtc.DBus.Connection;

/// <summary>
/// The D-Bus side of a <see cref="UnixStreamSocket"/>: whole-buffer reads and writes, the descriptors that arrived
/// queued until the message that carries them is decoded, and socket failures told as D-Bus connection errors.
/// Reads happen on one thread (the connection's reader), writes are serialized by the caller.
/// </summary>
internal sealed class UnixSocketTransport : IDisposable
{
    private readonly UnixStreamSocket _socket;
    private readonly Queue<UnixFdHandle> _receivedFds = new();
    private readonly List<UnixFd> _arrived = [];

    private UnixSocketTransport(UnixStreamSocket socket)
    {
        _socket = socket;
    }

    /// <summary>Connects to a filesystem path or (with <paramref name="isAbstract"/>) a Linux abstract socket name.</summary>
    public static UnixSocketTransport Connect(string path, bool isAbstract)
    {
        try
        {
            return new UnixSocketTransport(UnixStreamSocket.Connect(path, isAbstract));
        }
        catch (ArgumentException e)
        {
            throw new DBusConnectionException(e.Message, e);
        }
        catch (UnixException e)
        {
            throw new DBusConnectionException($"Cannot connect to the D-Bus socket {(isAbstract ? "@" : string.Empty)}{path}: {UnixException.Describe(e.Errno)}.", e);
        }
    }

    /// <summary>Bounds every blocking send/receive (zero disables the bound).</summary>
    public void SetTimeouts(TimeSpan receive, TimeSpan send)
    {
        try
        {
            _socket.SetTimeouts(receive, send);
        }
        catch (UnixException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>Sends all of <paramref name="data"/>; the descriptors go with its first byte.</summary>
    public void Send(ReadOnlySpan<byte> data, ReadOnlySpan<SafeHandle> fds)
    {
        try
        {
            _socket.SendAll(data, fds);
        }
        catch (UnixException e) when (e.IsTimeout)
        {
            throw new DBusConnectionException("Sending to the D-Bus daemon timed out: it does not read its socket.", e);
        }
        catch (UnixException e)
        {
            throw Failure(e);
        }
    }

    /// <summary>Fills <paramref name="buffer"/> completely; returns false on a clean end of stream before the first byte.</summary>
    public bool ReceiveExactly(Span<byte> buffer)
    {
        var received = 0;
        while (received < buffer.Length)
        {
            int count;
            try
            {
                count = _socket.Receive(buffer[received..], _arrived);
            }
            catch (UnixException e) when (e.IsTimeout)
            {
                throw new DBusConnectionException("Timed out waiting for the D-Bus daemon to answer.", e);
            }
            catch (UnixException e) when (e.Errno == UnixException.EMSGSIZE)
            {
                throw new DBusProtocolException("The D-Bus daemon sent more file descriptors than fit in the control buffer (MSG_CTRUNC).");
            }
            catch (UnixException e)
            {
                throw Failure(e);
            }
            finally
            {
                QueueArrived();
            }

            if (count == 0)
            {
                return received == 0
                    ? false
                    : throw new DBusConnectionException("The D-Bus connection was closed in the middle of a message.");
            }

            received += count;
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
    public void Shutdown() => _socket.Shutdown();

    public void Dispose()
    {
        _socket.Dispose();
        while (_receivedFds.TryDequeue(out var stray))
        {
            stray.Dispose();
        }
    }

    private void QueueArrived()
    {
        foreach (var fd in _arrived)
        {
            _receivedFds.Enqueue(new UnixFdHandle(fd.DetachDescriptor(), ownsHandle: true));
            fd.Dispose();
        }

        _arrived.Clear();
    }

    private static DBusConnectionException Failure(UnixException e) => new($"{e.Call} on the D-Bus socket failed: {UnixException.Describe(e.Errno)}.", e);
}
