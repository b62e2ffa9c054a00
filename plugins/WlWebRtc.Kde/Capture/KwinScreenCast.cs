using System.Globalization;
using WlWebRtc.Kde.Kwin;
using WlWebRtc.Wayland;

namespace WlWebRtc.Kde.Capture;

/// <summary>
/// One zkde_screencast_unstable_v1 output cast on a private Wayland connection to KWin: KWin answers the request with
/// the PipeWire node it publishes the output on (on PipeWire's default socket), or with why it failed. The connection
/// stays open for the cast's life (KWin ends the cast with it); <see cref="Ended"/> completes with the reason when KWin
/// closes the stream or the connection.
/// </summary>
internal sealed class KwinScreenCast : IAsyncDisposable
{
    /// <summary>zkde_screencast_unstable_v1 pointer mode: the cursor drawn into the frames.</summary>
    public const uint PointerEmbedded = 2;

    // zkde_screencast_unstable_v1 requests; zkde_screencast_stream_unstable_v1 request and events
    private const ushort StreamOutput = 0;
    private const ushort StreamWindow = 1;
    private const ushort StreamClose = 0;
    private const ushort EventClosed = 0;
    private const ushort EventCreated = 1;
    private const ushort EventFailed = 2;

    private readonly WaylandConnection _connection;
    private readonly uint _stream;
    private readonly TaskCompletionSource<uint> _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _disposed;

    /// <summary>Writes the cast request for the new stream object <paramref name="stream"/>.</summary>
    private delegate void WriteRequest(ref WireWriter writer, uint stream);

    private KwinScreenCast(WaylandConnection connection, uint stream)
    {
        _connection = connection;
        _stream = stream;
        _connection.On(stream, OnStreamEvent);
        _ = connection.Closed.ContinueWith(
            t => End(t.Exception?.InnerException?.Message ?? "KWin closed the Wayland connection"),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    /// <summary>KWin's PipeWire node for the cast.</summary>
    public uint NodeId { get; private set; }

    /// <summary>Completes with the reason when KWin ends the cast (or its connection) before we do.</summary>
    public Task<string> Ended => _ended.Task;

    /// <summary>Asks KWin to cast <paramref name="outputName"/> and waits for its node; throws <see cref="WaylandProtocolException"/> with KWin's reason.</summary>
    public static Task<KwinScreenCast> StartAsync(string socketPath, string outputName, TimeSpan timeout, CancellationToken cancellationToken) =>
        StartAsync(socketPath, outputName, timeout, async (connection, registry, globals) =>
        {
            var outputs = registry.FindAll("wl_output").Select(g => new WaylandOutput(registry, g)).ToList();
            await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
            var output = outputs.FirstOrDefault(o => o.Name == outputName)
                ?? throw new WaylandProtocolException($"KWin has no output named {outputName}.");
            // new ids go up one by one in the order the compositor sees them: the manager's before the stream's
            var manager = registry.Bind(globals.ScreenCast!, 1);
            return (ref WireWriter writer, uint stream) =>
            {
                writer.Begin(manager, StreamOutput);
                writer.Uint(stream);
                writer.Uint(output.Id);
                writer.Uint(PointerEmbedded);
                writer.End();
            };
        },
        null,
        cancellationToken);

    /// <summary>
    /// Asks KWin to cast the window <paramref name="uuid"/> (stream_window) and waits for its node; <see cref="Window"/>
    /// then follows the window's place, and the cast ends when KWin says the window is gone. Throws
    /// <see cref="WaylandProtocolException"/> with KWin's reason, or when no window has that uuid.
    /// </summary>
    public static Task<KwinScreenCast> StartWindowAsync(string socketPath, string uuid, TimeSpan timeout, CancellationToken cancellationToken)
    {
        PlasmaWindow? window = null;
        return StartAsync(socketPath, "window " + uuid, timeout, async (connection, registry, globals) =>
        {
            if (globals.WhyNot(KwinGrant.WindowManagement, globals.WindowManagement) is { } reason)
            {
                throw new WaylandProtocolException(reason);
            }

            var manager = PlasmaWindow.BindManager(registry, globals.WindowManagement!, _ => { });
            window = PlasmaWindow.Get(connection, manager, uuid);
            await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
            if (window.Unmapped.IsCompleted)
            {
                throw new WaylandProtocolException($"KWin has no window {uuid} (it closed?).");
            }

            var screenCast = registry.Bind(globals.ScreenCast!, 1);
            return (ref WireWriter writer, uint stream) =>
            {
                writer.Begin(screenCast, StreamWindow);
                writer.Uint(stream);
                writer.String(uuid);
                writer.Uint(PointerEmbedded);
                writer.End();
            };
        },
        cast =>
        {
            cast.Window = window;
            var label = window!.Now.Label;
            _ = window.Unmapped.ContinueWith(_ => cast.End($"the window \"{label}\" closed"), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        },
        cancellationToken);
    }

    /// <summary>The cast window as KWin describes it now (its place follows moves), for a window cast; null for an output.</summary>
    public PlasmaWindow? Window { get; private set; }

    private static async Task<KwinScreenCast> StartAsync(
        string socketPath,
        string what,
        TimeSpan timeout,
        Func<WaylandConnection, WaylandRegistry, KwinGlobals, Task<WriteRequest>> prepare,
        Action<KwinScreenCast>? started,
        CancellationToken cancellationToken)
    {
        var connection = WaylandConnection.Connect(socketPath, timeout);
        try
        {
            var registry = await WaylandRegistry.CreateAsync(connection, timeout, cancellationToken).ConfigureAwait(false);
            var globals = KwinGlobals.From(socketPath, registry);
            if (globals.WhyNot(KwinGrant.ScreenCast, globals.ScreenCast) is { } reason)
            {
                throw new WaylandProtocolException(reason);
            }

            var request = await prepare(connection, registry, globals).ConfigureAwait(false);
            var cast = new KwinScreenCast(connection, connection.AllocateId());
            var buffer = new byte[WireWriter.MaxMessageSize];
            var writer = new WireWriter(buffer);
            request(ref writer, cast._stream);
            connection.Send(writer.Written);
            try
            {
                cast.NodeId = await cast._created.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException exception)
            {
                throw new WaylandProtocolException(string.Create(CultureInfo.InvariantCulture, $"KWin created no screencast stream for {what} within {timeout.TotalSeconds:0.#} s."), exception);
            }

            started?.Invoke(cast);
            return cast;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_connection.Closed.IsCompleted)
            {
                Span<byte> buffer = stackalloc byte[8];
                var writer = new WireWriter(buffer);
                writer.Begin(_stream, StreamClose);
                writer.End();
                _connection.Send(writer.Written);
                await _connection.RoundtripAsync(TimeSpan.FromSeconds(2), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (WaylandProtocolException)
        {
            // KWin is gone or closed the connection: the cast has ended with it
        }
        finally
        {
            _connection.Dispose();
        }
    }

    private void OnStreamEvent(ushort opcode, ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        switch (opcode)
        {
            case EventCreated:
                _created.TrySetResult(reader.Uint());
                break;
            case EventFailed:
                var error = reader.String() ?? "no reason given";
                _created.TrySetException(new WaylandProtocolException("KWin refused the screencast: " + error));
                End("KWin's screencast failed: " + error);
                break;
            case EventClosed:
                End("KWin closed the screencast");
                break;
            default:
                break;
        }
    }

    private void End(string reason)
    {
        _created.TrySetException(new WaylandProtocolException(reason));
        if (Volatile.Read(ref _disposed) == 0)
        {
            _ended.TrySetResult(reason);
        }
    }
}
