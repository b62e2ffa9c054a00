using System.Runtime.InteropServices;

namespace WlWebRtc.Testing.Network.Wire;

/// <summary>The few libc calls the wire needs: TUN devices, poll, a timerfd on CLOCK_MONOTONIC, an eventfd to wake
/// the loop, setns, and the thread's timer slack and scheduling class.</summary>
#pragma warning disable SYSLIB1054 // This project does not allow unsafe code, which LibraryImport's generated code needs.
internal static class LinuxNative
{
    public const int ReadWrite = 0x2;
    public const int NonBlocking = 0x800;
    public const int CloseOnExec = 0x80000;
    public const short PollIn = 0x1;
    public const int ErrorAgain = 11;
    public const int ErrorInterrupted = 4;
    public const int ClockMonotonic = 1;
    public const int TimerAbsolute = 1;
    public const int CloneNewNet = 0x40000000;
    public const uint TunSetInterface = 0x400454ca;
    public const short TunMode = 0x0001;
    public const short NoPacketInformation = 0x1000;
    public const int SetTimerSlack = 29;
    public const int SchedulerFifo = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollDescriptor
    {
        public int Descriptor;
        public short Events;
        public short ReturnedEvents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct TimerSpec
    {
        public long IntervalSeconds;
        public long IntervalNanoseconds;
        public long ValueSeconds;
        public long ValueNanoseconds;
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    public static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    public static extern int Close(int descriptor);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    public static extern int IoControl(int descriptor, nuint request, byte[] argument);

    [DllImport("libc", EntryPoint = "read", SetLastError = true)]
    public static extern nint Read(int descriptor, byte[] buffer, nuint count);

    [DllImport("libc", EntryPoint = "write", SetLastError = true)]
    public static extern nint Write(int descriptor, byte[] buffer, nuint count);

    [DllImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static extern int Poll([In, Out] PollDescriptor[] descriptors, nuint count, int timeoutMs);

    [DllImport("libc", EntryPoint = "timerfd_create", SetLastError = true)]
    public static extern int TimerCreate(int clock, int flags);

    [DllImport("libc", EntryPoint = "timerfd_settime", SetLastError = true)]
    public static extern int TimerSet(int descriptor, int flags, ref TimerSpec value, nint old);

    [DllImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static extern int EventCreate(uint initial, int flags);

    [DllImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static extern int SetNamespace(int descriptor, int type);

    [DllImport("libc", EntryPoint = "prctl", SetLastError = true)]
    public static extern int ProcessControl(int option, nuint argument);

    [DllImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static extern int SetScheduler(int thread, int policy, ref int priority);

    /// <summary>Throws with errno when <paramref name="result"/> is negative.</summary>
    public static int Check(int result, string what) =>
        result >= 0 ? result : throw new IOException($"{what} failed: errno {Marshal.GetLastPInvokeError()}");
}
#pragma warning restore SYSLIB1054
