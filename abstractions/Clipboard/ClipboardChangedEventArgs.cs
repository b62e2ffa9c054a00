namespace WlWebRtc.Clipboard;

/// <summary>The desktop's selection changed: the MIME types the new selection offers (empty when it was cleared).</summary>
public sealed class ClipboardChangedEventArgs(IReadOnlyList<string> mimeTypes) : EventArgs
{
    /// <summary>The MIME types on offer, in the order the application listed them.</summary>
    public IReadOnlyList<string> MimeTypes { get; } = mimeTypes ?? throw new ArgumentNullException(nameof(mimeTypes));
}
