namespace WlWebRtc.Transport;

/// <summary>A message on a data channel.</summary>
/// <param name="Label">The channel's label.</param>
/// <param name="Data">The payload (UTF-8 text when <paramref name="IsBinary"/> is false).</param>
/// <param name="IsBinary">Whether the message is binary (WebRTC binary PPID) or a string.</param>
public readonly record struct DataChannelMessage(string Label, ReadOnlyMemory<byte> Data, bool IsBinary);
