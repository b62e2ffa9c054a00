namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>An item a viewer is sending, chunk by chunk, into a buffer of the size it announced (at most max_bytes).</summary>
internal sealed class IncomingItem(long id, string mimeType, int size)
{
    private readonly byte[] _content = new byte[size];
    private int _filled;

    public long Id { get; } = id;

    public string MimeType { get; } = mimeType;

    public bool IsComplete => _filled == _content.Length;

    public ReadOnlyMemory<byte> Content => _content;

    /// <summary>Appends a chunk; false when it would run past the announced size.</summary>
    public bool TryAppend(ReadOnlySpan<byte> chunk)
    {
        if (chunk.Length > _content.Length - _filled)
        {
            return false;
        }

        chunk.CopyTo(_content.AsSpan(_filled));
        _filled += chunk.Length;
        return true;
    }
}
