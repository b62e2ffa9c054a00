using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.PipeWire.Capture;

namespace WlWebRtc.Kde.Capture;

/// <summary>
/// The seam to the PipeWire consumer (libraries/WlWebRtc.PipeWire, shared with the portal and GNOME plugins): the only
/// file of this assembly that names its types.
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

    /// <summary>A capture of KWin's <paramref name="cast"/> node on <paramref name="socketPath"/>; disposing the capture ends the cast.</summary>
    public static Capture Create(string socketPath, KwinScreenCast cast, string description, CaptureRequest request, TimeProvider time, ILogger logger)
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

        var source = new PipeWireCaptureSource(new PipeWireTarget(fd, cast.NodeId, description), request, cursorMetadata: false, time, logger, session: cast);
        _ = cast.Ended.ContinueWith(t => source.OnSessionClosed(t.Result), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return new Capture(source);
    }

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(int fd);

    /// <summary>A PipeWire capture of a KWin screencast.</summary>
    internal sealed class Capture(PipeWireCaptureSource source)
    {
        public ICaptureSource Source => source;
    }
}
