namespace WlWebRtc.Signaling.WebSocket.Session;

/// <summary>The message transport under a signaling session (a WebSocket; a fake in unit tests).</summary>
internal interface ISignalingChannel
{
    /// <summary>The next whole message, or why there is none.</summary>
    ValueTask<ChannelMessage> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>Sends one text message; safe to call from several threads.</summary>
    ValueTask SendAsync(ReadOnlyMemory<byte> utf8, CancellationToken cancellationToken);

    /// <summary>Closes the channel with a WebSocket close code and reason.</summary>
    ValueTask CloseAsync(int code, string reason, CancellationToken cancellationToken);
}

/// <summary>What a receive produced.</summary>
internal enum ChannelMessageKind
{
    /// <summary>A whole text message.</summary>
    Text,

    /// <summary>A binary message (not part of the protocol).</summary>
    Binary,

    /// <summary>A message longer than the limit; its content was discarded.</summary>
    TooLarge,

    /// <summary>The peer closed the channel.</summary>
    Closed,
}

/// <summary>One received message.</summary>
internal readonly record struct ChannelMessage(ChannelMessageKind Kind, ReadOnlyMemory<byte> Payload, long Length = 0)
{
    public static ChannelMessage Closed { get; } = new(ChannelMessageKind.Closed, ReadOnlyMemory<byte>.Empty);
}
