using System.IO.Hashing;
using Microsoft.Extensions.Logging;
using WlWebRtc.Media;
using WlWebRtc.RemoteInput.Protocol;

namespace WlWebRtc.RemoteInput.Cursor;

/// <summary>
/// Sends the captured cursor to every viewer whose input channel is open (docs/input-protocol.md, "Cursor"): each
/// image once per viewer as a PNG (<c>ci</c>), then which image is shown where (<c>cp</c>), only when that changed.
/// Images are kept by content, so a shape seen before keeps its id and is not encoded again. Thread-safe: the
/// capture's thread reports the cursor, the transport's threads add and remove viewers.
/// </summary>
/// <remarks>
/// A viewer keeps at least <see cref="ViewerImageCapacity"/> × 2 images, evicting the least recently used (touched by
/// <c>ci</c> and <c>cp</c>); the relay remembers the <see cref="ViewerImageCapacity"/> a viewer used last in the
/// same order. Both see the same messages in the same order (the channel is ordered and reliable), so every image
/// the relay believes a viewer has, it has.
/// </remarks>
public sealed partial class CursorRelay
{
    /// <summary>Images the relay assumes a viewer still holds; the viewer keeps twice as many.</summary>
    public const int ViewerImageCapacity = 32;

    /// <summary>Encoded images kept for reuse; past it the cache starts over (ids are never reused).</summary>
    private const int CachedImages = 64;

    private readonly Lock _gate = new();
    private readonly Action<string, ReadOnlyMemory<byte>> _send;
    private readonly ILogger _logger;
    private readonly Dictionary<ImageKey, EncodedImage> _images = [];
    private readonly Dictionary<string, ViewerImages> _viewers = new(StringComparer.Ordinal);
    private EncodedImage? _shown;
    private Placement? _last;
    private (int Width, int Height) _captureSize;
    private long _nextId;
    private long _imagesEncoded;
    private long _imagesSent;
    private long _positionsSent;
    private long _sendFailures;

    /// <summary>Creates a relay that sends each message with <paramref name="send"/>(viewer id, UTF-8 JSON).</summary>
    public CursorRelay(Action<string, ReadOnlyMemory<byte>> send, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(send);
        ArgumentNullException.ThrowIfNull(logger);
        _send = send;
        _logger = logger;
    }

    /// <summary>The capture reported the cursor (position in captured frame pixels, the bitmap when it changed).</summary>
    public void OnCursor(CursorInfo cursor)
    {
        ArgumentNullException.ThrowIfNull(cursor);
        lock (_gate)
        {
            if (cursor.Visible && cursor.BitmapWidth > 0 && cursor.BitmapHeight > 0 && cursor.Bitmap.Length == (long)cursor.BitmapWidth * cursor.BitmapHeight * 4)
            {
                _shown = Intern(cursor);
            }

            var placement = cursor.Visible && _shown is { } image ? new Placement(image, cursor.X, cursor.Y, _captureSize) : new Placement(null, 0, 0, _captureSize);
            Show(placement);
        }
    }

    /// <summary>
    /// The captured frames' size (what cursor positions are in) is now <paramref name="width"/> × <paramref name="height"/>:
    /// positions carry it from now on, and viewers get the shown cursor again with it when it changed.
    /// </summary>
    public void OnCaptureSize(int width, int height)
    {
        lock (_gate)
        {
            _captureSize = width > 0 && height > 0 ? (width, height) : default;
            if (_last is { } last)
            {
                Show(last with { CaptureSize = _captureSize });
            }
        }
    }

    private void Show(Placement placement)
    {
        if (placement == _last)
        {
            return;
        }

        _last = placement;
        foreach (var (viewerId, images) in _viewers)
        {
            SendTo(viewerId, images, placement);
        }
    }

    /// <summary>A viewer's input channel opened: it gets the cursor now and every change from now on.</summary>
    public void OnViewerReady(string viewerId)
    {
        ArgumentNullException.ThrowIfNull(viewerId);
        lock (_gate)
        {
            var images = new ViewerImages();
            _viewers[viewerId] = images;
            if (_last is { } placement)
            {
                SendTo(viewerId, images, placement);
            }
        }
    }

    /// <summary>The viewer left: nothing more is sent to it.</summary>
    public void OnViewerGone(string viewerId)
    {
        lock (_gate)
        {
            _viewers.Remove(viewerId);
        }
    }

    /// <summary>Counters since the relay started.</summary>
    public CursorRelayStats GetStats()
    {
        lock (_gate)
        {
            return new CursorRelayStats(_imagesEncoded, _imagesSent, _positionsSent, _sendFailures, _viewers.Count);
        }
    }

    private void SendTo(string viewerId, ViewerImages images, Placement placement)
    {
        try
        {
            if (placement.Image is { } image && images.Use(image.Id))
            {
                _send(viewerId, image.Message);
                _imagesSent++;
            }

            _send(viewerId, CursorMessages.Position(placement.Image?.Id ?? 0, placement.X, placement.Y, placement.CaptureSize.Width, placement.CaptureSize.Height));
            _positionsSent++;
        }
// Catch-all on purpose (see CONTRIBUTING.md, containment): one viewer's channel that cannot take a message (full, closing) must not cost the others their cursor.
        catch (Exception ex)
        {
            // what it holds is unknown now: every image is sent again before it is used
            images.Forget();
            _sendFailures++;
            Log.SendFailed(_logger, viewerId, ex);
        }
    }

    private EncodedImage Intern(CursorInfo cursor)
    {
        var key = new ImageKey(cursor.BitmapWidth, cursor.BitmapHeight, cursor.HotspotX, cursor.HotspotY, XxHash128.HashToUInt128(cursor.Bitmap.Span));
        if (_images.TryGetValue(key, out var known))
        {
            return known;
        }

        if (_images.Count >= CachedImages)
        {
            _images.Clear();
        }

        var id = ++_nextId;
        var bitmap = new CursorBitmap(cursor.Bitmap, cursor.BitmapWidth, cursor.BitmapHeight, cursor.HotspotX, cursor.HotspotY);
        var scale = 1;
        var message = Encode(id, bitmap, scale);
        while (message.Length > CursorMessages.MaxImageMessageBytes)
        {
            bitmap = bitmap.HalfSize();
            scale *= 2;
            message = Encode(id, bitmap, scale);
        }

        if (scale > 1)
        {
            Log.ImageHalved(_logger, id, cursor.BitmapWidth, cursor.BitmapHeight, bitmap.Width, bitmap.Height);
        }
        else
        {
            Log.ImageEncoded(_logger, id, bitmap.Width, bitmap.Height, message.Length);
        }

        _imagesEncoded++;
        var encoded = new EncodedImage(id, message);
        _images[key] = encoded;
        return encoded;
    }

    private static byte[] Encode(long id, CursorBitmap bitmap, int scale) => CursorMessages.Image(
        id, bitmap.Width, bitmap.Height, bitmap.HotspotX, bitmap.HotspotY, scale, PngEncoder.EncodeBgra(bitmap.Bgra.Span, bitmap.Width, bitmap.Height));

    private readonly record struct ImageKey(int Width, int Height, int HotspotX, int HotspotY, UInt128 Hash);

    private sealed record EncodedImage(long Id, byte[] Message);

    /// <summary>The image shown (null: none) with its hotspot at (X, Y) in captured pixels of <see cref="CaptureSize"/> (0 × 0: unknown).</summary>
    private readonly record struct Placement(EncodedImage? Image, int X, int Y, (int Width, int Height) CaptureSize);

    /// <summary>The images the relay knows a viewer holds, least recently used first.</summary>
    private sealed class ViewerImages
    {
        private readonly LinkedList<long> _recent = new();

        /// <summary>Marks <paramref name="id"/> used; true when the viewer does not hold it yet (send it first).</summary>
        public bool Use(long id)
        {
            var node = _recent.Find(id);
            if (node is not null)
            {
                _recent.Remove(node);
                _recent.AddLast(node);
                return false;
            }

            _recent.AddLast(id);
            if (_recent.Count > ViewerImageCapacity)
            {
                _recent.RemoveFirst();
            }

            return true;
        }

        public void Forget() => _recent.Clear();
    }

    private static partial class Log
    {
        [LoggerMessage(EventIds.CursorSendFailed, LogLevel.Debug, "The cursor could not be sent to viewer {Id}")]
        public static partial void SendFailed(ILogger logger, string id, Exception exception);

        [LoggerMessage(EventIds.CursorImageEncoded, LogLevel.Debug, "Cursor image {Id}: {Width}x{Height}, {Bytes} bytes as a message")]
        public static partial void ImageEncoded(ILogger logger, long id, int width, int height, int bytes);

        [LoggerMessage(EventIds.CursorImageHalved, LogLevel.Information, "Cursor image {Id} of {Width}x{Height} is sent at {SentWidth}x{SentHeight} to fit the message size limit")]
        public static partial void ImageHalved(ILogger logger, long id, int width, int height, int sentWidth, int sentHeight);
    }
}

/// <summary>What a <see cref="CursorRelay"/> did.</summary>
/// <param name="ImagesEncoded">Distinct cursor images encoded.</param>
/// <param name="ImagesSent">Image messages sent, over all viewers.</param>
/// <param name="PositionsSent">Position messages sent, over all viewers.</param>
/// <param name="SendFailures">Sends a viewer's channel refused (that viewer then gets every image again).</param>
/// <param name="Viewers">Viewers that receive the cursor.</param>
public sealed record CursorRelayStats(long ImagesEncoded, long ImagesSent, long PositionsSent, long SendFailures, int Viewers);
