namespace WlWebRtc.Clipboard;

/// <summary>
/// The clipboard of the captured session: what the desktop offers (observed, read on demand) and what the server
/// offers to the desktop's applications (kept until the desktop's selection changes again). Content is typed by MIME
/// type (<c>text/plain;charset=utf-8</c>, <c>image/png</c>).
/// </summary>
public interface ISessionClipboard : IAsyncDisposable
{
    /// <summary>
    /// Raised (on the clipboard's own thread) when an application of the session sets the selection, with the MIME
    /// types it offers; not raised for the server's own offers.
    /// </summary>
    event EventHandler<ClipboardChangedEventArgs>? DesktopSelectionChanged;

    /// <summary>
    /// Reads the desktop's current selection as <paramref name="mimeType"/>; null when the selection is gone, does not
    /// offer that type or holds more than <paramref name="maxBytes"/> bytes.
    /// </summary>
    ValueTask<ReadOnlyMemory<byte>?> ReadDesktopSelectionAsync(string mimeType, int maxBytes, CancellationToken cancellationToken);

    /// <summary>Makes <paramref name="data"/> the session's selection, offered as <paramref name="mimeType"/> (text also under its common aliases).</summary>
    ValueTask SetSelectionAsync(string mimeType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken);
}
