using System.Diagnostics;
using System.Runtime.InteropServices;

namespace WlWebRtc.Testing.Network.Wire;

/// <summary>
/// The user-space wire between two network namespaces: it reads whole IP packets from the server side's TUN device
/// and the viewer side's, passes each through its direction's link model (<see cref="WireSchedule"/>: loss, a
/// token-bucket bottleneck with a drop-tail queue, delay, jitter, the rate schedule and outages), and writes it to
/// the other side's TUN device when due. Everything between the namespaces crosses it: signalling (HTTP), STUN, DTLS,
/// media. One thread waits in poll() on both devices, an absolute timerfd on CLOCK_MONOTONIC armed for the earliest
/// due time (nanosecond resolution, the thread's timer slack set to 1 ns) and an eventfd to stop; it asks for
/// SCHED_FIFO when allowed (<see cref="RealTime"/>), which keeps the wake-up latency low on a loaded machine. How
/// late each packet went out is in <see cref="Precision"/>. Dispose to stop; the statistics stay readable.
/// </summary>
public sealed class WanWire : IDisposable
{
    private const int MaxPacketBytes = 65535;
    private const int ReadBurst = 256;
    private const int RealTimePriority = 10;

    private readonly TunDevice _server;
    private readonly TunDevice _viewer;
    private readonly WireSchedule _schedule;
    private readonly int _timer;
    private readonly int _stop;
    private readonly Thread _thread;
    private int _unforwarded;
    private int _disposed;
    private Exception? _failure;

    private WanWire(TunDevice server, TunDevice viewer, LinkShape down, LinkShape up, int seed)
    {
        _server = server;
        _viewer = viewer;
        _timer = LinuxNative.Check(LinuxNative.TimerCreate(LinuxNative.ClockMonotonic, LinuxNative.NonBlocking | LinuxNative.CloseOnExec), "timerfd_create");
        _stop = LinuxNative.Check(LinuxNative.EventCreate(0, LinuxNative.NonBlocking | LinuxNative.CloseOnExec), "eventfd");
        _schedule = new WireSchedule(down, up, TimeProvider.System, seed);
        StartedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _thread = new Thread(Run) { IsBackground = true, Name = "wan-wire", Priority = ThreadPriority.Highest };
    }

    /// <summary>Server side → viewer side.</summary>
    public EmulatedLink<byte[]> Down => _schedule.Down;

    /// <summary>Viewer side → server side.</summary>
    public EmulatedLink<byte[]> Up => _schedule.Up;

    /// <summary>The wall-clock time (Unix ms) at which both links' schedules started.</summary>
    public long StartedUnixMs { get; }

    /// <summary>When each video frame's first RTP packet came from the server side.</summary>
    public FrameDepartures Departures { get; } = new();

    /// <summary>How late packets left the wire relative to the model's due times.</summary>
    public WirePrecision Precision { get; } = new();

    /// <summary>The wire's thread runs with SCHED_FIFO (granted to root; otherwise the normal scheduler).</summary>
    public bool RealTime { get; private set; }

    /// <summary>Packets a TUN device refused.</summary>
    public int Unforwarded => Volatile.Read(ref _unforwarded);

    /// <summary>Why the wire's thread stopped early, if it did.</summary>
    public Exception? Failure => Volatile.Read(ref _failure);

    /// <summary>Starts forwarding between <paramref name="server"/> and <paramref name="viewer"/>; the links' schedules start now.</summary>
    public static WanWire Start(TunDevice server, TunDevice viewer, LinkShape down, LinkShape up, int seed = 14)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(viewer);
        var wire = new WanWire(server, viewer, down, up, seed);
        wire._thread.Start();
        return wire;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        LinuxNative.Write(_stop, BitConverter.GetBytes(1L), 8);
        _thread.Join();
        _ = LinuxNative.Close(_timer);
        _ = LinuxNative.Close(_stop);
    }

    private void Run()
    {
        // 1 ns of timer slack (the default 50 µs would be most of the error), and real-time scheduling when allowed.
        _ = LinuxNative.ProcessControl(LinuxNative.SetTimerSlack, 1);
        var priority = RealTimePriority;
        RealTime = LinuxNative.SetScheduler(0, LinuxNative.SchedulerFifo, ref priority) == 0;
        WarmUp();
        var descriptors = new LinuxNative.PollDescriptor[]
        {
            new() { Descriptor = _server.Descriptor, Events = LinuxNative.PollIn },
            new() { Descriptor = _viewer.Descriptor, Events = LinuxNative.PollIn },
            new() { Descriptor = _timer, Events = LinuxNative.PollIn },
            new() { Descriptor = _stop, Events = LinuxNative.PollIn },
        };
        var buffer = new byte[MaxPacketBytes];
        var due = new List<DuePacket>();
        var drain = new byte[8];
        long? armed = null;
        try
        {
            while (true)
            {
                if (LinuxNative.Poll(descriptors, (nuint)descriptors.Length, -1) < 0)
                {
                    if (Marshal.GetLastPInvokeError() == LinuxNative.ErrorInterrupted)
                    {
                        continue;
                    }

                    throw new IOException($"poll failed: errno {Marshal.GetLastPInvokeError()}");
                }

                if (descriptors[3].ReturnedEvents != 0)
                {
                    return;
                }

                if (descriptors[2].ReturnedEvents != 0)
                {
                    LinuxNative.Read(_timer, drain, 8);
                    armed = null;
                }

                ReadAll(_server, WireDirection.Down, buffer);
                ReadAll(_viewer, WireDirection.Up, buffer);
                _schedule.TakeDue(due);
                foreach (var packet in due)
                {
                    var to = packet.Direction == WireDirection.Down ? _viewer : _server;
                    if (!to.Write(packet.Packet))
                    {
                        Interlocked.Increment(ref _unforwarded);
                    }

                    Precision.Record(_schedule.Lateness(packet.DueTimestamp));
                }

                due.Clear();
                var next = _schedule.NextDueTimestamp();
                if (next != armed)
                {
                    Arm(next);
                    armed = next;
                }
            }
        }
        catch (IOException ex)
        {
            Volatile.Write(ref _failure, ex);
        }
    }

    /// <summary>
    /// Runs the per-packet code once on a scratch schedule before the first real packet: the JIT compiling it on the
    /// first packets otherwise delays them by tens of milliseconds on a loaded machine.
    /// </summary>
    private void WarmUp()
    {
        var shape = new LinkShape { OneWayDelay = TimeSpan.FromTicks(1), Jitter = TimeSpan.FromTicks(1), LossRatio = 0.5, Phases = LinkShape.Constant(1_000_000_000) };
        var scratch = new WireSchedule(shape, shape, TimeProvider.System, 0);
        var packet = new byte[64];
        packet[0] = 0x45;
        packet[9] = 17;
        packet[28] = 0x80;
        packet[29] = 96;
        new FrameDepartures().Observe(packet, 0);
        var due = new List<DuePacket>();
        for (var i = 0; i < 20; i++)
        {
            scratch.Offer(i % 2 == 0 ? WireDirection.Down : WireDirection.Up, packet);
            _ = scratch.NextDueTimestamp();
            Thread.SpinWait(1000);
            scratch.TakeDue(due);
        }

        new WirePrecision().Record(due.Count > 0 ? scratch.Lateness(due[0].DueTimestamp) : TimeSpan.Zero);
        Arm(null);
    }

    private void ReadAll(TunDevice device, WireDirection direction, byte[] buffer)
    {
        for (var i = 0; i < ReadBurst; i++)
        {
            var length = device.Read(buffer);
            if (length == 0)
            {
                return;
            }

            var packet = buffer.AsSpan(0, length).ToArray();
            if (direction == WireDirection.Down)
            {
                Departures.Observe(packet, StartedUnixMs + _schedule.Down.Elapsed.TotalMilliseconds);
            }

            _schedule.Offer(direction, packet);
        }
    }

    /// <summary>Arms the timer for the monotonic timestamp <paramref name="timestamp"/> (Stopwatch ticks), or disarms it.</summary>
    private void Arm(long? timestamp)
    {
        var spec = default(LinuxNative.TimerSpec);
        if (timestamp is { } at)
        {
            // Stopwatch timestamps are CLOCK_MONOTONIC on Linux; 0 would disarm, so a due time in the past is 1 ns.
            var nanoseconds = Math.Max(1, (long)(at * (1e9 / Stopwatch.Frequency)));
            spec.ValueSeconds = nanoseconds / 1_000_000_000;
            spec.ValueNanoseconds = nanoseconds % 1_000_000_000;
        }

        LinuxNative.Check(LinuxNative.TimerSet(_timer, LinuxNative.TimerAbsolute, ref spec, 0), "timerfd_settime");
    }
}
