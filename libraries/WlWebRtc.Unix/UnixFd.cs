using Microsoft.Win32.SafeHandles;

namespace WlWebRtc.Unix;

/// <summary>
/// An owned Unix file descriptor (a socket, a memfd, one received as SCM_RIGHTS). Closing it closes the descriptor;
/// <see cref="DetachDescriptor"/> hands the ownership to someone else instead.
/// </summary>
public sealed class UnixFd : SafeHandleMinusOneIsInvalid
{
    /// <summary>An invalid handle, for the interop marshaller.</summary>
    public UnixFd()
        : base(ownsHandle: true)
    {
    }

    /// <summary>Wraps <paramref name="fd"/>; with <paramref name="ownsHandle"/> disposing it closes the descriptor.</summary>
    public UnixFd(int fd, bool ownsHandle)
        : base(ownsHandle)
    {
        SetHandle(fd);
    }

    /// <summary>Gives up ownership: the caller must close the returned descriptor.</summary>
    public int DetachDescriptor()
    {
        ObjectDisposedException.ThrowIf(IsClosed, this);
        var fd = (int)handle;
        SetHandleAsInvalid();
        return fd;
    }

    /// <summary>Closes a raw descriptor nobody wraps (for owners that keep their own handle type).</summary>
    public static bool Close(int fd) => Interop.Libc.Close(fd) == 0;

    /// <inheritdoc />
    protected override bool ReleaseHandle() => Interop.Libc.Close((int)handle) == 0;
}
