using System.IO.Pipes;
using Microsoft.Extensions.Logging;
using WlWebRtc.Clipboard;
using WlWebRtc.Wayland;
using WlWebRtc.Unix;
using WlWebRtc.Unix.Pipes;

namespace WlWebRtc.Wayland.DataControl;

/// <summary>
/// The session's clipboard through the data-control protocol (ext_data_control_manager_v1, else
/// zwlr_data_control_manager_v1: both have the same requests and events), on its own Wayland connection, so a
/// clipboard failure never touches input. The desktop's selection arrives as an offer whose content is read through a
/// pipe; the server's selection is a data source that writes its content into the pipe each paste brings.
/// </summary>
internal sealed partial class WlrDataControlClipboard : ISessionClipboard
{
    public const string ExtManagerInterface = "ext_data_control_manager_v1";
    public const string WlrManagerInterface = "zwlr_data_control_manager_v1";

    // manager requests
    private const ushort ManagerCreateDataSource = 0;
    private const ushort ManagerGetDataDevice = 1;

    // device requests and events
    private const ushort DeviceSetSelection = 0;
    private const ushort DeviceDestroy = 1;
    private const ushort DeviceDataOfferEvent = 0;
    private const ushort DeviceSelectionEvent = 1;
    private const ushort DeviceFinishedEvent = 2;

    // source requests and events
    private const ushort SourceOffer = 0;
    private const ushort SourceDestroy = 1;
    private const ushort SourceSendEvent = 0;
    private const ushort SourceCancelledEvent = 1;

    // offer requests and events
    private const ushort OfferReceive = 0;
    private const ushort OfferDestroy = 1;
    private const ushort OfferOfferEvent = 0;

    private static readonly TimeSpan TransferTimeout = TimeSpan.FromSeconds(10);

    private readonly WaylandConnection _connection;
    private readonly uint _manager;
    private readonly uint _device;
    private readonly TimeSpan _timeout;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private readonly Dictionary<uint, DataControlOffer> _offers = [];
    private readonly Dictionary<uint, ReadOnlyMemory<byte>> _sources = [];
    private DataControlOffer? _selection;
    private uint _ownSource;
    private int _disposed;

    private WlrDataControlClipboard(WaylandConnection connection, uint manager, uint device, string protocol, TimeSpan timeout, ILogger logger)
    {
        _connection = connection;
        _manager = manager;
        _device = device;
        Protocol = protocol;
        _timeout = timeout;
        _logger = logger;
    }

    public event EventHandler<ClipboardChangedEventArgs>? DesktopSelectionChanged;

    /// <summary>The data-control interface in use.</summary>
    public string Protocol { get; }

    /// <summary>The data-control manager the compositor offers, the newer protocol first; null when none.</summary>
    public static WaylandGlobal? FindManager(WaylandRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        return registry.Find(ExtManagerInterface) ?? registry.Find(WlrManagerInterface);
    }

    public static async Task<WlrDataControlClipboard> CreateAsync(string socketPath, TimeSpan timeout, ILogger logger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(logger);
        var connection = WaylandConnection.Connect(socketPath, timeout);
        try
        {
            var registry = await WaylandRegistry.CreateAsync(connection, timeout, cancellationToken).ConfigureAwait(false);
            var managerGlobal = FindManager(registry)
                ?? throw new WaylandProtocolException($"The compositor at {socketPath} offers no data-control protocol ({ExtManagerInterface} or {WlrManagerInterface}).");
            var seatGlobal = registry.Find("wl_seat")
                ?? throw new WaylandProtocolException($"The compositor at {socketPath} offers no wl_seat.");
            var seat = registry.Bind(seatGlobal, 1, static (_, _) => { });
            var manager = registry.Bind(managerGlobal, 1);
            var device = connection.AllocateId();
            var clipboard = new WlrDataControlClipboard(connection, manager, device, managerGlobal.Interface, timeout, logger);
            connection.On(device, clipboard.OnDeviceEvent);

            Span<byte> buffer = stackalloc byte[32];
            var writer = new WireWriter(buffer);
            writer.Begin(manager, ManagerGetDataDevice);
            writer.Uint(device);
            writer.Uint(seat);
            writer.End();
            connection.Send(writer.Written);
            await connection.RoundtripAsync(timeout, cancellationToken).ConfigureAwait(false);
            Log.Opened(logger, managerGlobal.Interface, managerGlobal.Version, socketPath);
            return clipboard;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    public async ValueTask<ReadOnlyMemory<byte>?> ReadDesktopSelectionAsync(string mimeType, int maxBytes, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        ArgumentOutOfRangeException.ThrowIfNegative(maxBytes);
        uint offer;
        string? offered;
        lock (_gate)
        {
            if (_selection is null)
            {
                return null;
            }

            offer = _selection.Id;
            offered = ChooseType(_selection.MimeTypes, mimeType);
        }

        if (offered is null)
        {
            return null;
        }

        using var pipe = new AnonymousPipeServerStream(PipeDirection.In, HandleInheritability.None);
        var buffer = new byte[WireWriter.MaxMessageSize];
        var writer = new WireWriter(buffer);
        writer.Begin(offer, OfferReceive);
        writer.String(offered);
        writer.End();
        _connection.SendWithDescriptor(writer.Written, pipe.ClientSafePipeHandle);
        pipe.DisposeLocalCopyOfClientHandle(); // the sending application holds the only write end: its close is our end of file

        // non-blocking with a deadline: an application that never closes its end costs the thread 10 s, not forever
        using var fd = new UnixFd((int)pipe.SafePipeHandle.DangerousGetHandle(), ownsHandle: false);
        var content = await PipeTransfer.ReadAtMostAsync(fd, maxBytes, TransferTimeout, cancellationToken).ConfigureAwait(false);
        return content is null ? (ReadOnlyMemory<byte>?)null : content;
    }

    public async ValueTask SetSelectionAsync(string mimeType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(mimeType);
        var source = _connection.AllocateId();
        lock (_gate)
        {
            _sources[source] = data;
            _ownSource = source;
        }

        _connection.On(source, (opcode, body) => OnSourceEvent(source, opcode, body));
        var buffer = new byte[WireWriter.MaxMessageSize];
        var writer = new WireWriter(buffer);
        writer.Begin(_manager, ManagerCreateDataSource);
        writer.Uint(source);
        writer.End();
        foreach (var type in TextMimeTypes.OfferedAs(mimeType))
        {
            writer.Begin(source, SourceOffer);
            writer.String(type);
            writer.End();
        }

        writer.Begin(_device, DeviceSetSelection);
        writer.Uint(source);
        writer.End();
        _connection.Send(writer.Written);
        await _connection.RoundtripAsync(_timeout, cancellationToken).ConfigureAwait(false);
        Log.SelectionSet(_logger, mimeType, data.Length);
    }

    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return ValueTask.CompletedTask;
        }

        try
        {
            Span<byte> buffer = stackalloc byte[8];
            var writer = new WireWriter(buffer);
            writer.Begin(_device, DeviceDestroy);
            writer.End();
            _connection.Send(writer.Written);
        }
        catch (WaylandProtocolException exception)
        {
            Log.CloseFailed(_logger, exception);
        }

        _connection.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The offered type to ask for: the requested one, else for text any text alias the offer has.</summary>
    internal static string? ChooseType(IReadOnlyList<string> offered, string requested)
    {
        if (offered.Contains(requested, StringComparer.Ordinal))
        {
            return requested;
        }

        return TextMimeTypes.IsText(requested) ? TextMimeTypes.Aliases.FirstOrDefault(a => offered.Contains(a, StringComparer.Ordinal)) : null;
    }

    private void OnDeviceEvent(ushort opcode, ReadOnlySpan<byte> body)
    {
        var reader = new WireReader(body);
        switch (opcode)
        {
            case DeviceDataOfferEvent:
                var id = reader.Uint();
                var offer = new DataControlOffer(id);
                lock (_gate)
                {
                    _offers[id] = offer;
                }

                _connection.On(id, (code, offerBody) =>
                {
                    if (code == OfferOfferEvent && new WireReader(offerBody).String() is { } type)
                    {
                        lock (_gate)
                        {
                            offer.Add(type);
                        }
                    }
                });
                break;
            case DeviceSelectionEvent:
                OnSelection(reader.Uint());
                break;
            case DeviceFinishedEvent:
                Log.DeviceFinished(_logger);
                break;
            default:
                break; // primary_selection (not asked for) and later additions
        }
    }

    private void OnSelection(uint offerId)
    {
        DataControlOffer? previous;
        DataControlOffer? current;
        bool own;
        lock (_gate)
        {
            previous = _selection;
            _offers.TryGetValue(offerId, out current);
            _offers.Clear(); // an offer that is not the selection now never will be
            _selection = current;
            own = _ownSource != 0; // set by us: the compositor cancels our source before another client's selection
        }

        if (previous is not null && previous.Id != offerId)
        {
            DestroyOffer(previous.Id);
        }

        if (own)
        {
            return;
        }

        IReadOnlyList<string> types;
        lock (_gate)
        {
            types = current is null ? [] : [.. current.MimeTypes];
        }

        Log.DesktopSelection(_logger, string.Join(", ", types));
        DesktopSelectionChanged?.Invoke(this, new ClipboardChangedEventArgs(types));
    }

    private void DestroyOffer(uint offerId)
    {
        Span<byte> buffer = stackalloc byte[8];
        var writer = new WireWriter(buffer);
        writer.Begin(offerId, OfferDestroy);
        writer.End();
        _connection.Send(writer.Written);
    }

    private void OnSourceEvent(uint source, ushort opcode, ReadOnlySpan<byte> body)
    {
        if (opcode == SourceSendEvent)
        {
            var mimeType = new WireReader(body).String();
            var fd = _connection.TakeDescriptor();
            if (fd is null)
            {
                Log.SendWithoutDescriptor(_logger, mimeType ?? "?");
                return;
            }

            ReadOnlyMemory<byte> data;
            lock (_gate)
            {
                if (!_sources.TryGetValue(source, out data))
                {
                    fd.Dispose();
                    return;
                }
            }

            _ = WriteAndCloseAsync(fd, data);
        }
        else if (opcode == SourceCancelledEvent)
        {
            lock (_gate)
            {
                _sources.Remove(source);
                if (_ownSource == source)
                {
                    _ownSource = 0;
                }
            }

            Span<byte> buffer = stackalloc byte[8];
            var writer = new WireWriter(buffer);
            writer.Begin(source, SourceDestroy);
            writer.End();
            _connection.Send(writer.Written);
        }
    }

    /// <summary>Writes the content into the pasting application's pipe and closes it (its end of file), off the reader thread.</summary>
    private async Task WriteAndCloseAsync(UnixFd fd, ReadOnlyMemory<byte> data)
    {
        try
        {
            await PipeTransfer.WriteAllAsync(fd, data, TransferTimeout, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is UnixException or TimeoutException)
        {
            Log.WriteFailed(_logger, exception.Message); // the pasting application closed its end or stopped reading
        }
        finally
        {
            fd.Dispose();
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.ClipboardOpened, LogLevel.Information, "Clipboard through {Interface} v{Version} on {Path}")]
        public static partial void Opened(ILogger logger, string @interface, uint version, string path);

        [LoggerMessage(EventIds.ClipboardSelectionSet, LogLevel.Debug, "Offered {Bytes} bytes of {MimeType} as the desktop's selection")]
        public static partial void SelectionSet(ILogger logger, string mimeType, int bytes);

        [LoggerMessage(EventIds.ClipboardDesktopSelection, LogLevel.Debug, "The desktop's selection changed: {MimeTypes}")]
        public static partial void DesktopSelection(ILogger logger, string mimeTypes);

        [LoggerMessage(EventIds.ClipboardDeviceFinished, LogLevel.Warning, "The compositor ended the data-control device: the desktop's selection is no longer seen")]
        public static partial void DeviceFinished(ILogger logger);

        [LoggerMessage(EventIds.ClipboardSendWithoutDescriptor, LogLevel.Warning, "The compositor asked for {MimeType} without a pipe")]
        public static partial void SendWithoutDescriptor(ILogger logger, string mimeType);

        [LoggerMessage(EventIds.ClipboardWriteFailed, LogLevel.Debug, "Writing the selection to a pasting application failed: {Reason}")]
        public static partial void WriteFailed(ILogger logger, string reason);

        [LoggerMessage(EventIds.ClipboardCloseFailed, LogLevel.Debug, "Closing the data-control device failed")]
        public static partial void CloseFailed(ILogger logger, Exception exception);
    }
}
