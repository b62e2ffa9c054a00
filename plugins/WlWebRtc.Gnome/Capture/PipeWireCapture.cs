using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.PipeWire.Capture;

namespace WlWebRtc.Gnome.Capture;

/// <summary>
/// The seam to the PipeWire consumer (libraries/WlWebRtc.PipeWire, shared with the portal plugin):
/// the only file of this assembly that names its types.
/// </summary>
internal static partial class PipeWireCapture
{
    /// <summary>Whether libpipewire could be loaded, or why not.</summary>
    public static string? Unavailable => WlWebRtc.PipeWire.Interop.PipeWire.Unavailable;

    /// <summary>The default PipeWire socket: $PIPEWIRE_RUNTIME_DIR or $XDG_RUNTIME_DIR, then $PIPEWIRE_REMOTE or pipewire-0.</summary>
    public static string DefaultSocketPath()
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

    /// <summary>A capture of <paramref name="nodeId"/> on the default PipeWire socket (Mutter publishes its streams there; no portal fd).</summary>
    public static Capture Create(string socketPath, uint nodeId, string description, CaptureRequest request, bool cursorMetadata, TimeProvider time, ILogger logger)
    {
        int fd;
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            }
            catch (SocketException exception)
            {
                throw new InvalidOperationException($"Cannot connect to PipeWire at {socketPath}: {exception.Message}", exception);
            }

            // pw_context_connect_fd takes ownership of a descriptor: give it a duplicate, the socket closes its own
            fd = Dup((int)socket.SafeHandle.DangerousGetHandle());
            if (fd < 0)
            {
                throw new InvalidOperationException($"dup of the PipeWire socket failed (errno {Marshal.GetLastPInvokeError()})");
            }
        }

        var source = new PipeWireCaptureSource(new PipeWireTarget(fd, nodeId, description), request, cursorMetadata, time, logger);
        return new Capture(source);
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    /// <summary>A running PipeWire capture and the extra calls the GNOME source needs: end it with a reason, ask for a size.</summary>
    internal sealed class Capture(PipeWireCaptureSource source) : IAsyncDisposable
    {
        public ICaptureSource Source => source;

        public void Fail(string reason) => source.OnSessionClosed(reason);

        /// <summary>Negotiates the stream's format again asking for this size (0, or a negative errno).</summary>
        public int RequestSize(int width, int height) => source.RequestSize(width, height);

        /// <summary>The negotiated size, once there is a format.</summary>
        public (int Width, int Height)? NegotiatedSize => source.Format is { } format ? (format.Width, format.Height) : null;

        public ValueTask DisposeAsync() => source.DisposeAsync();
    }
}
