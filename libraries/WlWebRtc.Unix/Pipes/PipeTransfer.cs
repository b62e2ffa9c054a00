using System.Buffers;

namespace WlWebRtc.Unix.Pipes;

/// <summary>
/// Moves one item through a pipe whose other end belongs to another process (a clipboard transfer): the descriptor is
/// switched to non-blocking and waited on with poll in short slices, so a peer that never writes, never closes or
/// never reads costs a thread only until the deadline or the cancellation, never forever; a read never holds more
/// than the limit plus one byte.
/// </summary>
public static class PipeTransfer
{
    /// <summary>How long one poll waits before the deadline and the cancellation are checked again.</summary>
    private const int SliceMilliseconds = 50;

    private const int ChunkBytes = 64 * 1024;

    /// <summary>
    /// Reads <paramref name="fd"/> to its end of file on a thread of its own; null as soon as it holds more than
    /// <paramref name="maxBytes"/> (the rest is not read). The caller still owns and closes the descriptor.
    /// </summary>
    /// <exception cref="TimeoutException">The writer neither finished nor closed within <paramref name="timeout"/>.</exception>
    /// <exception cref="UnixException">A read or poll failed.</exception>
    public static Task<byte[]?> ReadAtMostAsync(UnixFd fd, int maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fd);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        return Task.Factory.StartNew(() => ReadAtMost(fd, maxBytes, timeout, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>Writes all of <paramref name="data"/> into <paramref name="fd"/> on a thread of its own; the caller still owns and closes it.</summary>
    /// <exception cref="TimeoutException">The reader did not take everything within <paramref name="timeout"/>.</exception>
    /// <exception cref="UnixException">A write failed (EPIPE: the reader closed its end).</exception>
    public static Task WriteAllAsync(UnixFd fd, ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fd);
        return Task.Factory.StartNew(() => WriteAll(fd, data, timeout, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static unsafe byte[]? ReadAtMost(UnixFd fd, int maxBytes, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SetNonBlocking(fd);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var content = new ArrayBufferWriter<byte>(Math.Min(maxBytes + 1, ChunkBytes));
        while (true)
        {
            // never ask for more than one byte past the limit: that byte alone says "too large"
            var want = Math.Min(ChunkBytes, maxBytes + 1 - content.WrittenCount);
            var span = content.GetSpan(want)[..want];
            nint read;
            fixed (byte* buffer = span)
            {
                read = Interop.Libc.Read(fd, buffer, (nuint)want);
            }

            if (read > 0)
            {
                content.Advance((int)read);
                if (content.WrittenCount > maxBytes)
                {
                    return null;
                }

                continue;
            }

            if (read == 0)
            {
                return content.WrittenSpan.ToArray();
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == UnixException.EINTR)
            {
                continue;
            }

            if (errno != UnixException.EAGAIN)
            {
                throw new UnixException("read", errno);
            }

            Wait(fd, Interop.Libc.POLLIN, deadline, "the writer did not finish", cancellationToken);
        }
    }

    private static unsafe void WriteAll(UnixFd fd, ReadOnlyMemory<byte> data, TimeSpan timeout, CancellationToken cancellationToken)
    {
        SetNonBlocking(fd);
        var deadline = Environment.TickCount64 + (long)timeout.TotalMilliseconds;
        var written = 0;
        while (written < data.Length)
        {
            nint count;
            fixed (byte* buffer = data.Span[written..])
            {
                count = Interop.Libc.Write(fd, buffer, (nuint)Math.Min(ChunkBytes, data.Length - written));
            }

            if (count >= 0)
            {
                written += (int)count;
                continue;
            }

            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno == UnixException.EINTR)
            {
                continue;
            }

            if (errno != UnixException.EAGAIN)
            {
                throw new UnixException("write", errno);
            }

            Wait(fd, Interop.Libc.POLLOUT, deadline, "the reader did not take it all", cancellationToken);
        }
    }

    /// <summary>Polls for <paramref name="events"/> until ready (or the peer hung up: the next read or write tells), the deadline or the cancellation.</summary>
    private static unsafe void Wait(UnixFd fd, short events, long deadline, string what, CancellationToken cancellationToken)
    {
        var added = false;
        fd.DangerousAddRef(ref added);
        try
        {
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    throw new TimeoutException($"Pipe transfer timed out: {what}.");
                }

                var poll = new Interop.Libc.PollFd { Fd = (int)fd.DangerousGetHandle(), Events = events };
                var ready = Interop.Libc.Poll(&poll, 1, (int)Math.Min(left, SliceMilliseconds));
                if (ready > 0)
                {
                    return;
                }

                if (ready < 0 && System.Runtime.InteropServices.Marshal.GetLastPInvokeError() is var errno && errno != UnixException.EINTR)
                {
                    throw new UnixException("poll", errno);
                }
            }
        }
        finally
        {
            if (added)
            {
                fd.DangerousRelease();
            }
        }
    }

    private static void SetNonBlocking(UnixFd fd)
    {
        var flags = Interop.Libc.Fcntl(fd, Interop.Libc.F_GETFL, 0);
        if (flags < 0 || Interop.Libc.Fcntl(fd, Interop.Libc.F_SETFL, flags | Interop.Libc.O_NONBLOCK) < 0)
        {
            throw UnixException.FromLastError("fcntl(O_NONBLOCK)");
        }
    }
}
