using System.Globalization;
using System.Net.Sockets;
using WlWebRtc.Portal.PipeWire;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>A GStreamer videotestsrc → pipewiresink node in the desktop's PipeWire: a video source we control.</summary>
internal sealed class TestVideoProducer : IDisposable
{
    private TestVideoProducer(DesktopProcess process, uint nodeId)
    {
        Process = process;
        NodeId = nodeId;
    }

    public DesktopProcess Process { get; }

    public uint NodeId { get; }

    /// <summary>Starts a live BGRx source of one solid colour (0xRRGGBB) or a moving pattern ("ball", "smpte"…).</summary>
    public static async Task<TestVideoProducer> StartAsync(HeadlessDesktop desktop, int width, int height, int fps, string pattern = "solid-color", uint colour = 0)
    {
        if (RequiredProgram("gst-launch-1.0") is null || !File.Exists("/usr/lib/x86_64-linux-gnu/gstreamer-1.0/libgstpipewire.so"))
        {
            throw new InvalidOperationException("The test producer needs GStreamer with PipeWire: apt-get install gstreamer1.0-tools gstreamer1.0-pipewire gstreamer1.0-plugins-base");
        }

        var name = "wltest-" + Guid.NewGuid().ToString("N")[..8];
        var process = desktop.StartProcess(
            name,
            "gst-launch-1.0",
            "-q",
            "videotestsrc",
            "is-live=true",
            "pattern=" + pattern,
            string.Create(CultureInfo.InvariantCulture, $"foreground-color=0xff{colour:x6}"),
            "!",
            string.Create(CultureInfo.InvariantCulture, $"video/x-raw,format=BGRx,width={width},height={height},framerate={fps}/1"),
            "!",
            "pipewiresink",
            "mode=provide",
            $"stream-properties=\"props,node.name={name},media.class=Video/Source\"");
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var nodes = await desktop.RunAsync("pw-cli", ["ls", "Node"]);
            if (FindNode(nodes.StandardOutput, name) is { } id)
            {
                return new TestVideoProducer(process, id);
            }

            if (!process.IsRunning)
            {
                break;
            }

            await Task.Delay(50);
        }

        process.Stop();
        throw new InvalidOperationException($"The GStreamer producer {name} did not appear in PipeWire: {process.LogTail()}");
    }

    /// <summary>A fresh socket to the desktop's PipeWire, as the portal's OpenPipeWireRemote would give one.</summary>
    public static int ConnectSocket(HeadlessDesktop desktop)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(desktop.PipeWireSocket));
        return Interop.Libc.Dup((int)socket.Handle);
    }

    public void Dispose() => Process.Stop(); // the desktop disposes it at teardown

    internal static uint? FindNode(string listing, string name)
    {
        uint? current = null;
        foreach (var raw in listing.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith("id ", StringComparison.Ordinal))
            {
                var comma = line.IndexOf(',', StringComparison.Ordinal);
                current = comma > 3 && uint.TryParse(line.AsSpan(3, comma - 3), CultureInfo.InvariantCulture, out var id) ? id : null;
            }
            else if (line == $"node.name = \"{name}\"" && current is not null)
            {
                return current;
            }
        }

        return null;
    }

    private static string? RequiredProgram(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':').Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
