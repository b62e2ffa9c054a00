namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>The kinds of message on the clipboard channel (docs/clipboard-protocol.md).</summary>
internal enum ClipboardMessageType
{
    /// <summary><c>begin</c>: an item starts: its id, MIME type and decoded size.</summary>
    Begin,

    /// <summary><c>chunk</c>: the next bytes of the item (base64 in <c>d</c>).</summary>
    Chunk,
}

/// <summary>One validated viewer message on the clipboard channel.</summary>
internal readonly record struct ClipboardMessage(ClipboardMessageType Type, long Id, string? MimeType, int Size, byte[]? Data);

/// <summary>Why a clipboard message or item was refused (counted; the viewer gets an <c>error</c>).</summary>
internal enum ClipboardDropReason
{
    Malformed,
    TooLarge,
    UnknownType,
    MissingField,
    OutOfRange,
    UnsupportedType,
    NotControl,
    DirectionOff,
    RateLimited,
    OutOfSequence,
    InvalidContent,
    DesktopFailed,
}
