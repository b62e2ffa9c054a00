using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using WlWebRtc.Rtp.H264;
using WlWebRtc.Rtp.Sending;
using WlWebRtc.Rtp.Srtp;

namespace WlWebRtc.Transport.WebRtc.Benchmark;

/// <summary>
/// <c>wlwebrtc bench transport [--viewers N] [--seconds S] [--bitrate B] [--fps F] [--profile gcm|cm] [--json]</c>:
/// (1) packetize + SRTP-protect throughput of one core (no pacing, no socket), and (2) the process CPU cost of
/// each added viewer when a 1080p60-like 8 Mb/s stream is sent in real time to 1..N in-process viewers, each
/// with its own SRTP keys, through real UDP sockets on loopback (the frame is planned once, as in fan-out).
/// </summary>
internal static class TransportBenchmark
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<int> RunAsync(IReadOnlyList<string> arguments, TextWriter output, CancellationToken cancellationToken)
    {
        if (!TryParse(arguments, out var viewers, out var seconds, out var bitrate, out var fps, out var profile, out var json, out var error))
        {
            await output.WriteLineAsync(error).ConfigureAwait(false);
            await output.WriteLineAsync("usage: bench transport [--viewers N] [--seconds S] [--bitrate BITS] [--fps F] [--profile gcm|cm] [--json]").ConfigureAwait(false);
            return 2;
        }

        var stream = new SyntheticStream(bitrate, fps);
        var throughput = MeasureThroughput(stream, profile, TimeSpan.FromSeconds(Math.Min(seconds, 3)), cancellationToken);
        _ = await MeasureRealTimeAsync(stream, viewers, fps, 1, profile, cancellationToken).ConfigureAwait(false); // warm-up: JIT, tiering, GC
        var idle = await MeasureRealTimeAsync(stream, 0, fps, seconds, profile, cancellationToken).ConfigureAwait(false);
        var one = await MeasureRealTimeAsync(stream, 1, fps, seconds, profile, cancellationToken).ConfigureAwait(false);
        var many = await MeasureRealTimeAsync(stream, viewers, fps, seconds, profile, cancellationToken).ConfigureAwait(false);
        // The slope between 1 and N viewers: what each added viewer costs, without the fixed cost of pacing and planning.
        var perViewer = viewers > 1 ? (many.CpuPercent - one.CpuPercent) / (viewers - 1) : one.CpuPercent - idle.CpuPercent;
        var result = new
        {
            profile = profile.ToString(),
            bitrateBitsPerSecond = bitrate,
            fps,
            seconds,
            packetizeProtect = new { throughput.MegabitsPerSecondPerCore, throughput.PacketsPerSecondPerCore, throughput.FramesPerSecondPerCore },
            realTime = new[] { idle, one, many },
            cpuPercentOfOneCorePerViewer = Math.Round(perViewer, 2),
            cpuPercentOfOneCoreFirstViewer = Math.Round(one.CpuPercent - idle.CpuPercent, 2),
            cores = Environment.ProcessorCount,
        };
        if (json)
        {
            await output.WriteLineAsync(JsonSerializer.Serialize(result, Indented)).ConfigureAwait(false);
        }
        else
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"packetize+protect ({profile}): {throughput.MegabitsPerSecondPerCore:F0} Mb/s per core, {throughput.PacketsPerSecondPerCore:F0} packets/s, {throughput.FramesPerSecondPerCore:F0} frames/s")).ConfigureAwait(false);
            foreach (var r in result.realTime)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{r.Viewers} viewer(s) at {bitrate / 1e6:F1} Mb/s {fps} fps for {seconds} s: CPU {r.CpuPercent:F1}% of one core, {r.PacketsSent} packets sent")).ConfigureAwait(false);
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"CPU per added viewer: {perViewer:F2}% of one core (first viewer {result.cpuPercentOfOneCoreFirstViewer:F2}%)")).ConfigureAwait(false);
        }

        return 0;
    }

    private static (double MegabitsPerSecondPerCore, double PacketsPerSecondPerCore, double FramesPerSecondPerCore) MeasureThroughput(
        SyntheticStream stream, SrtpProfile profile, TimeSpan duration, CancellationToken cancellationToken)
    {
        var sink = new CountingSink();
        using var sender = NewSender(profile, sink);
        var plan = new H264PacketPlan(1200);
        for (var i = 0; i < 200; i++)
        {
            sender.SendFrame(stream.Frame(i).Span, Stopwatch.GetTimestamp()); // warm-up (JIT, tiering)
        }

        sink.Reset();
        var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        long frames = 0;
        while (watch.Elapsed < duration && !cancellationToken.IsCancellationRequested)
        {
            var au = stream.Frame(frames).Span;
            plan.Build(au);
            sender.SendFrame(au, Stopwatch.GetTimestamp(), plan);
            frames++;
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStart).TotalSeconds;
        return (sink.Bytes * 8 / 1e6 / cpu, sink.Packets / cpu, frames / cpu);
    }

    private static async Task<RealTimeResult> MeasureRealTimeAsync(SyntheticStream stream, int viewers, int fps, int seconds, SrtpProfile profile, CancellationToken cancellationToken)
    {
        using var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        receiver.Bind(new IPEndPoint(IPAddress.Loopback, 0)); // never read: the kernel drops what overflows
        var target = receiver.LocalEndPoint!.Serialize();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var senders = Enumerable.Range(0, viewers).Select(_ => NewSender(profile, new UdpSink(socket, target))).ToArray();
        try
        {
            var plan = new H264PacketPlan(1200);
            var interval = TimeSpan.FromSeconds(1.0 / fps);
            using var timer = new PeriodicTimer(interval);
            var total = fps * seconds;
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            long packets = 0;
            for (var i = 0; i < total && await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false); i++)
            {
                var au = stream.Frame(i);
                plan.Build(au.Span);
                foreach (var sender in senders)
                {
                    packets += sender.SendFrame(au.Span, Stopwatch.GetTimestamp(), plan);
                }
            }

            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
            return new RealTimeResult(viewers, Math.Round(cpu.TotalSeconds / watch.Elapsed.TotalSeconds * 100, 2), packets);
        }
        finally
        {
            foreach (var sender in senders)
            {
                sender.Dispose();
            }
        }
    }

    private static RtpVideoSender NewSender(SrtpProfile profile, IRtpPacketSink sink)
    {
        var keyLength = profile == SrtpProfile.AeadAes256Gcm ? 32 : 16;
        var saltLength = profile == SrtpProfile.AesCm128HmacSha1Tag80 ? 14 : 12;
        SrtpSession Session() => new(new SrtpMasterKey(profile, RandomNumberGenerator.GetBytes(keyLength), RandomNumberGenerator.GetBytes(saltLength)));
        var options = new RtpVideoSenderOptions
        {
            Ssrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue),
            PayloadType = 108,
            RtxSsrc = (uint)RandomNumberGenerator.GetInt32(1, int.MaxValue),
            RtxPayloadType = 109,
            AbsSendTimeExtensionId = 2,
            TransportWideCcExtensionId = 4,
            PlayoutDelayExtensionId = 5,
        };
        return new RtpVideoSender(options, Session(), Session(), sink);
    }

    private static bool TryParse(IReadOnlyList<string> args, out int viewers, out int seconds, out long bitrate, out int fps, out SrtpProfile profile, out bool json, out string error)
    {
        viewers = 4;
        seconds = 5;
        bitrate = 8_000_000;
        fps = 60;
        profile = SrtpProfile.AeadAes128Gcm;
        json = false;
        error = string.Empty;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Count ? args[++i] : string.Empty;
            switch (a)
            {
                case "--json":
                    json = true;
                    break;
                case "--viewers" when int.TryParse(Next(), CultureInfo.InvariantCulture, out viewers) && viewers is >= 1 and <= 256:
                    break;
                case "--seconds" when int.TryParse(Next(), CultureInfo.InvariantCulture, out seconds) && seconds is >= 1 and <= 600:
                    break;
                case "--bitrate" when long.TryParse(Next(), CultureInfo.InvariantCulture, out bitrate) && bitrate is >= 100_000 and <= 1_000_000_000:
                    break;
                case "--fps" when int.TryParse(Next(), CultureInfo.InvariantCulture, out fps) && fps is >= 1 and <= 240:
                    break;
                case "--profile":
                    var p = Next();
                    if (p is not ("gcm" or "cm"))
                    {
                        error = $"--profile must be gcm or cm, got '{p}'";
                        return false;
                    }

                    profile = p == "gcm" ? SrtpProfile.AeadAes128Gcm : SrtpProfile.AesCm128HmacSha1Tag80;
                    break;
                default:
                    error = $"bad argument '{a}'";
                    return false;
            }
        }

        return true;
    }

    internal sealed record RealTimeResult(int Viewers, double CpuPercent, long PacketsSent);

    private sealed class CountingSink : IRtpPacketSink
    {
        public long Packets { get; private set; }

        public long Bytes { get; private set; }

        public void SendDatagram(ReadOnlySpan<byte> datagram)
        {
            Packets++;
            Bytes += datagram.Length;
        }

        public void Reset() => (Packets, Bytes) = (0, 0);
    }

    private sealed class UdpSink(Socket socket, SocketAddress target) : IRtpPacketSink
    {
        public void SendDatagram(ReadOnlySpan<byte> datagram)
        {
            try
            {
                socket.SendTo(datagram, SocketFlags.None, target);
            }
            catch (SocketException)
            {
                // a full buffer on loopback: counted as sent work anyway
            }
        }
    }
}
