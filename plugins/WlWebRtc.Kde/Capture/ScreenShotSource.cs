using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Pipes;
using Microsoft.Extensions.Logging;
using WlWebRtc.Capture;
using WlWebRtc.DBus;
using WlWebRtc.Kde.Kwin;
using WlWebRtc.Media;

namespace WlWebRtc.Kde.Capture;

/// <summary>
/// Captures one KWin output by polling org.kde.KWin.ScreenShot2.CaptureScreen at the requested frame rate: KWin
/// answers with the image's size and format and writes its raw pixels into a pipe we pass. Every frame is a whole
/// copy (no damage), so this costs more than a screencast; it is the path that works where KWin's screencast of an
/// output delivers nothing (KWin 5.27's virtual backend). A failing call ends the capture with KWin's reason.
/// </summary>
internal sealed partial class ScreenShotSource : ICaptureSource
{
    public const string Service = "org.kde.KWin";
    public const string ObjectPath = "/org/kde/KWin/ScreenShot2";

    private const int PooledBuffers = 3;
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly DBusConnection _bus;
    private readonly string _output;
    private readonly TimeSpan _period;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentBag<byte[]> _pool = [];
    private readonly Lock _gate = new();
    private CancellationTokenSource? _running;
    private Task? _loop;
    private long _sequence;
    private int _bufferLength;
    private int _disposed;

    private ScreenShotSource(DBusConnection bus, string output, int maxFps, TimeProvider time, ILogger logger)
    {
        _bus = bus;
        _output = output;
        _period = TimeSpan.FromSeconds(1.0 / Math.Max(1, maxFps));
        _time = time;
        _logger = logger;
        Description = string.Create(CultureInfo.InvariantCulture, $"KWin output {output} by ScreenShot2 at up to {Math.Max(1, maxFps)} fps");
    }

    public string Description { get; private set; }

    /// <summary>The size of the first image, taken when the source was created.</summary>
    public (int Width, int Height) Size { get; private set; }

    /// <summary>Connects and takes one screenshot, so that a missing grant or output fails here with KWin's reason.</summary>
    public static async Task<ScreenShotSource> CreateAsync(KwinEnvironment environment, string output, int maxFps, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var bus = await environment.ConnectBusAsync(new DBusConnectionOptions { DefaultTimeout = CallTimeout }, cancellationToken).ConfigureAwait(false);
        var source = new ScreenShotSource(bus, output, maxFps, time, logger);
        try
        {
            using var first = await source.CaptureAsync(cancellationToken).ConfigureAwait(false);
            source.Size = (first.Width, first.Height);
            source.Description = string.Create(CultureInfo.InvariantCulture, $"KWin output {output} {first.Width}x{first.Height} by ScreenShot2 at up to {Math.Max(1, maxFps)} fps");
            return source;
        }
        catch
        {
            await source.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public ValueTask StartAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        lock (_gate)
        {
            if (_running is not null)
            {
                throw new InvalidOperationException("The capture already runs.");
            }

            _running = new CancellationTokenSource();
            var token = _running.Token;
            _loop = Task.Factory.StartNew(() => RunAsync(sink, token), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
        }

        Log.Started(_logger, Description);
        return ValueTask.CompletedTask;
    }

    public async ValueTask StopAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? running;
        Task? loop;
        lock (_gate)
        {
            running = _running;
            loop = _loop;
            _running = null;
            _loop = null;
        }

        if (running is null || loop is null)
        {
            return;
        }

        await running.CancelAsync().ConfigureAwait(false);
        await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        running.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _bus.DisposeAsync().ConfigureAwait(false);
    }

    private async Task RunAsync(IVideoFrameSink sink, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var started = _time.GetTimestamp();
                var frame = await CaptureAsync(cancellationToken).ConfigureAwait(false);
                sink.OnFrame(frame);
                var rest = _period - _time.GetElapsedTime(started);
                if (rest > TimeSpan.Zero)
                {
                    await Task.Delay(rest, _time, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // a requested stop
        }
        catch (Exception exception) when (exception is DBusErrorException or DBusConnectionException or TimeoutException or InvalidDataException or IOException)
        {
            failure = new InvalidOperationException("KWin's screenshot capture failed: " + exception.Message, exception);
            Log.Failed(_logger, exception.Message);
        }
        catch (Exception exception)
        {
            // Catch-all on purpose (see CONTRIBUTING.md, containment): the polling loop owns this task; whatever breaks
            // it (a sink's bug, an unexpected reply) ends this capture with the reason instead of leaving it silent.
            failure = new InvalidOperationException("KWin's screenshot capture failed: " + exception.Message, exception);
            Log.Failed(_logger, exception.Message);
        }

        sink.OnStopped(failure);
    }

    private async Task<ScreenShotFrame> CaptureAsync(CancellationToken cancellationToken)
    {
        // KWin answers first, then writes the pixels into the pipe from a thread of its own
        using var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        DBusMessage reply;
        try
        {
            var options = new Dictionary<string, DBusVariant>
            {
                ["include-cursor"] = new("b", true),
                ["native-resolution"] = new("b", true),
            };
            reply = await _bus.CallMethodAsync(Service, ObjectPath, KwinGrant.ScreenShotInterface, "CaptureScreen", "sa{sv}h", [_output, options, pipe.ClientSafePipeHandle], CallTimeout, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            pipe.DisposeLocalCopyOfClientHandle();
        }

        var captured = CaptureTime.Now(_time);
        var image = ScreenShotImage.Parse(reply.Body.Count > 0 ? DBusValue.ToVardict(reply.Body[0]) : new Dictionary<string, DBusVariant>());
        var buffer = Rent(image.Length);
        try
        {
            await pipe.ReadExactlyAsync(buffer.AsMemory(0, image.Length), cancellationToken).ConfigureAwait(false);
        }
        catch (EndOfStreamException exception)
        {
            Return(buffer);
            throw new IOException("KWin closed the screenshot pipe before the whole image arrived.", exception);
        }
        catch
        {
            Return(buffer);
            throw;
        }

        return new ScreenShotFrame(image.Format, image.Width, image.Height, image.Stride, buffer, Return, captured, Interlocked.Increment(ref _sequence));
    }

    private byte[] Rent(int length)
    {
        if (Volatile.Read(ref _bufferLength) != length)
        {
            // the size changed: the pooled buffers are of the old size
            Volatile.Write(ref _bufferLength, length);
            _pool.Clear();
        }

        while (_pool.TryTake(out var buffer))
        {
            if (buffer.Length == length)
            {
                return buffer;
            }
        }

        return new byte[length];
    }

    private void Return(byte[] buffer)
    {
        if (buffer.Length == Volatile.Read(ref _bufferLength) && _pool.Count < PooledBuffers)
        {
            _pool.Add(buffer);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.CaptureStarted, LogLevel.Information, "Capturing {Description}")]
        public static partial void Started(ILogger logger, string description);

        [LoggerMessage(EventIds.CaptureFailed, LogLevel.Error, "KWin's screenshot capture failed: {Reason}")]
        public static partial void Failed(ILogger logger, string reason);
    }
}
