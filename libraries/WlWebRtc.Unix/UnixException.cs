using System.Runtime.InteropServices;

namespace WlWebRtc.Unix;

/// <summary>A failed libc call: which call, its errno and the system's text for it.</summary>
public sealed class UnixException : IOException
{
    /// <summary>EINTR: the call was interrupted by a signal and is retried.</summary>
    public const int EINTR = 4;

    /// <summary>EAGAIN/EWOULDBLOCK: a socket timeout (SO_RCVTIMEO/SO_SNDTIMEO) expired.</summary>
    public const int EAGAIN = 11;

    /// <summary>EMSGSIZE: used here for descriptors the control buffer could not hold (MSG_CTRUNC).</summary>
    public const int EMSGSIZE = 90;

    /// <summary>Creates the exception for <paramref name="call"/> failing with <paramref name="errno"/>.</summary>
    public UnixException(string call, int errno)
        : this(call, errno, $"{call} failed: {Describe(errno)}")
    {
    }

    /// <summary>Creates the exception with a message of its own.</summary>
    public UnixException(string call, int errno, string message)
        : base(message)
    {
        Call = call;
        Errno = errno;
    }

    /// <summary>An empty exception (for serializers and analyzers).</summary>
    public UnixException()
        : this("?", 0, "A Unix call failed.")
    {
    }

    /// <summary>Creates the exception with a message alone.</summary>
    public UnixException(string message)
        : this("?", 0, message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public UnixException(string message, Exception innerException)
        : base(message, innerException)
    {
        Call = "?";
    }

    /// <summary>The libc function that failed.</summary>
    public string Call { get; }

    /// <summary>Its errno (0 when not known).</summary>
    public int Errno { get; }

    /// <summary>True when a socket timeout expired (the peer stopped reading or answering).</summary>
    public bool IsTimeout => Errno == EAGAIN;

    /// <summary>"No such file or directory (errno 2)".</summary>
    public static string Describe(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";

    /// <summary>The exception for the last P/Invoke's errno.</summary>
    internal static UnixException FromLastError(string call) => new(call, Marshal.GetLastPInvokeError());
}
