namespace WlWebRtc.FFmpeg.Bitstream;

/// <summary>An H.264 bitstream structure could not be parsed; the message says where and why.</summary>
public sealed class H264BitstreamException : FormatException
{
    public H264BitstreamException()
    {
    }

    public H264BitstreamException(string message)
        : base(message)
    {
    }

    public H264BitstreamException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
