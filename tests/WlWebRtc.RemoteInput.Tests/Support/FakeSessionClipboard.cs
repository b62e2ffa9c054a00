using WlWebRtc.Clipboard;

namespace WlWebRtc.RemoteInput.Tests.Support;

/// <summary>An in-memory session clipboard: records what the router sets, serves what a test puts on the desktop.</summary>
internal sealed class FakeSessionClipboard : ISessionClipboard
{
    private readonly Lock _gate = new();
    private readonly List<(string MimeType, byte[] Data)> _set = [];

    public event EventHandler<ClipboardChangedEventArgs>? DesktopSelectionChanged;

    /// <summary>What the desktop holds, by MIME type.</summary>
    public Dictionary<string, byte[]> Desktop { get; } = new(StringComparer.Ordinal);

    public bool FailSets { get; set; }

    public IReadOnlyList<(string MimeType, byte[] Data)> Set
    {
        get
        {
            lock (_gate)
            {
                return [.. _set];
            }
        }
    }

    /// <summary>An application of the session copies <paramref name="data"/> as <paramref name="mimeType"/>.</summary>
    public void Copy(string mimeType, byte[] data) => Copy((mimeType, data));

    /// <summary>An application of the session copies one item offered as several types.</summary>
    public void Copy(params (string MimeType, byte[] Data)[] types)
    {
        Desktop.Clear();
        foreach (var (mimeType, data) in types)
        {
            Desktop[mimeType] = data;
        }

        DesktopSelectionChanged?.Invoke(this, new ClipboardChangedEventArgs([.. types.Select(t => t.MimeType)]));
    }

    public ValueTask<ReadOnlyMemory<byte>?> ReadDesktopSelectionAsync(string mimeType, int maxBytes, CancellationToken cancellationToken)
    {
        // text is found under its plain name too, as the real clipboards do
        var found = Desktop.TryGetValue(mimeType, out var data) || (mimeType.StartsWith("text/plain", StringComparison.Ordinal) && Desktop.TryGetValue("text/plain", out data));
        return ValueTask.FromResult(found && data!.Length <= maxBytes ? new ReadOnlyMemory<byte>(data) : (ReadOnlyMemory<byte>?)null);
    }

    public ValueTask SetSelectionAsync(string mimeType, ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (FailSets)
        {
            throw new InvalidOperationException("the compositor went away");
        }

        lock (_gate)
        {
            _set.Add((mimeType, data.ToArray()));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
