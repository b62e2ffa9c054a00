using System.Diagnostics;
using System.Globalization;
using WlWebRtc.Testing.Desktop;

namespace WlWebRtc.Capture.Tests.PipeWire;

/// <summary>
/// Native/dmabuf_producer.c, compiled with gcc against libpipewire at test time and run in the desktop: a video source
/// that hands out its buffers as SPA_DATA_DmaBuf (memfds labelled DMA-BUF: no real dma-buf can be made here).
/// </summary>
internal sealed class DmaBufTestProducer : IDisposable
{
    public const int PlaneOffset = 4096;

    private static readonly Lazy<string> Binary = new(Compile);

    private DmaBufTestProducer(DesktopProcess process, uint nodeId)
    {
        Process = process;
        NodeId = nodeId;
    }

    public DesktopProcess Process { get; }

    public uint NodeId { get; }

    public static int StrideFor(int width) => (width * 4) + 64;

    /// <summary>Starts a source of one colour; <paramref name="alsoSharedMemory"/> offers shared memory after DMA-BUF.</summary>
    public static async Task<DmaBufTestProducer> StartAsync(HeadlessDesktop desktop, int width, int height, uint colour, bool alsoSharedMemory)
    {
        var name = "wldmabuf-" + Guid.NewGuid().ToString("N")[..8];
        var process = desktop.StartProcess(
            name,
            Binary.Value,
            name,
            alsoSharedMemory ? "both" : "dmabuf",
            width.ToString(CultureInfo.InvariantCulture),
            height.ToString(CultureInfo.InvariantCulture),
            colour.ToString("x6", CultureInfo.InvariantCulture));
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var nodes = await desktop.RunAsync("pw-cli", ["ls", "Node"]);
            if (TestVideoProducer.FindNode(nodes.StandardOutput, name) is { } id)
            {
                return new DmaBufTestProducer(process, id);
            }

            if (!process.IsRunning)
            {
                break;
            }

            await Task.Delay(50);
        }

        process.Stop();
        throw new InvalidOperationException($"The DMA-BUF test producer {name} did not appear in PipeWire: {process.LogTail()}");
    }

    public void Dispose() => Process.Stop();

    private static string Compile()
    {
        var source = Path.Combine(AppContext.BaseDirectory, "Native", "dmabuf_producer.c");
        var binary = Path.Combine(AppContext.BaseDirectory, "Native", "dmabuf_producer"); // beside the test assembly, not left in /tmp
        var start = new ProcessStartInfo("gcc") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "-O1", "-o", binary, source, "-I/usr/include/pipewire-0.3", "-I/usr/include/spa-0.2", "-D_REENTRANT", "-lpipewire-0.3" })
        {
            start.ArgumentList.Add(argument);
        }

        using var gcc = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException("could not start gcc (Debian package gcc)");
        var error = gcc.StandardError.ReadToEnd();
        gcc.WaitForExit();
        return gcc.ExitCode == 0
            ? binary
            : throw new InvalidOperationException($"compiling dmabuf_producer.c failed (needs gcc, libpipewire-0.3-dev, libspa-0.2-dev): {error}");
    }
}
