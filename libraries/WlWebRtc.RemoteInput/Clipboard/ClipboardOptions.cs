namespace WlWebRtc.RemoteInput.Clipboard;

/// <summary>The <c>[clipboard]</c> table: which way content may go and how large one item may be.</summary>
/// <param name="Direction">Which way clipboard content may travel.</param>
/// <param name="MaxBytes">Largest item (decoded bytes) accepted from a viewer or sent to one; larger ones are refused.</param>
public sealed record ClipboardOptions(ClipboardDirection Direction = ClipboardDirection.Both, int MaxBytes = ClipboardOptions.DefaultMaxBytes)
{
    public const int DefaultMaxBytes = 4 * 1024 * 1024;

    /// <summary>The ceiling of <see cref="MaxBytes"/>: an item and its base64 must fit the data channel's send buffer (8 MiB).</summary>
    public const int MaxMaxBytes = 5 * 1024 * 1024;

    /// <summary>Decoded bytes per <c>chunk</c> message, each base64-encoded on its own (4/3 as many characters, well under every max-message-size).</summary>
    public int ChunkBytes { get; init; } = 32 * 1024;

    /// <summary>Clipboard messages a viewer may send a second on average (a 4 MiB item is 128 chunks).</summary>
    public double MessagesPerSecond { get; init; } = 200;

    /// <summary>How many clipboard messages a viewer may send at once.</summary>
    public double Burst { get; init; } = 400;

    public static ClipboardOptions Default { get; } = new();

    /// <summary>Throws with every problem at once.</summary>
    public void Validate()
    {
        var errors = new List<string>();
        if (MaxBytes < 1 || MaxBytes > MaxMaxBytes)
        {
            errors.Add($"MaxBytes must be between 1 and {MaxMaxBytes}, not {MaxBytes}.");
        }

        if (ChunkBytes < 1 || ChunkBytes > 48 * 1024)
        {
            errors.Add($"ChunkBytes must be between 1 and 49152, not {ChunkBytes}.");
        }

        if (!double.IsFinite(MessagesPerSecond) || MessagesPerSecond <= 0)
        {
            errors.Add($"MessagesPerSecond must be positive, not {MessagesPerSecond}.");
        }

        if (!double.IsFinite(Burst) || Burst < 1)
        {
            errors.Add($"Burst must be at least 1, not {Burst}.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid clipboard options: " + string.Join(" ", errors));
        }
    }
}
