using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>
/// The session's own PipeWire socket, for compositors that publish their casts there (Mutter, KWin) instead of handing
/// out a portal descriptor.
/// </summary>
internal static partial class PipeWireSocket
{
    /// <summary>The default socket as libpipewire finds it: $PIPEWIRE_RUNTIME_DIR or $XDG_RUNTIME_DIR, then $PIPEWIRE_REMOTE or pipewire-0.</summary>
    public static string DefaultPath()
    {
        var remote = Environment.GetEnvironmentVariable("PIPEWIRE_REMOTE") is { Length: > 0 } name ? name : "pipewire-0";
        if (Path.IsPathRooted(remote))
        {
            return remote;
        }

        var directory = Environment.GetEnvironmentVariable("PIPEWIRE_RUNTIME_DIR") is { Length: > 0 } runtime
            ? runtime
            : Environment.GetEnvironmentVariable("XDG_RUNTIME_DIR") ?? "/run/user/" + Environment.GetEnvironmentVariable("UID");
        return Path.Combine(directory, remote);
    }

    /// <summary>A target for <paramref name="nodeId"/> on a fresh connection to <paramref name="socketPath"/>.</summary>
    public static PipeWireTarget Connect(string socketPath, uint nodeId, string description)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        }
        catch (SocketException exception)
        {
            throw new InvalidOperationException($"Cannot connect to PipeWire at {socketPath}: {exception.Message}", exception);
        }

        // pw_context_connect_fd takes ownership of a descriptor: give it a duplicate, the socket closes its own
        var fd = Dup((int)socket.SafeHandle.DangerousGetHandle());
        if (fd < 0)
        {
            throw new InvalidOperationException($"dup of the PipeWire socket failed (errno {Marshal.GetLastPInvokeError()})");
        }

        return new PipeWireTarget(fd, nodeId, description);
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);
}
