namespace WlWebRtc.FFmpeg;

/// <summary>An FFmpeg call failed or FFmpeg cannot be used; the message carries FFmpeg's own words (av_strerror).</summary>
public sealed class FFmpegException : Exception
{
    public FFmpegException()
    {
    }

    public FFmpegException(string message)
        : base(message)
    {
    }

    public FFmpegException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The negative AVERROR code, when the failure came from a call that returned one.</summary>
    public int ErrorCode { get; init; }

    /// <summary>FFmpeg's message for an AVERROR code.</summary>
    public static unsafe string Describe(int error)
    {
        const int Size = 256;
        var buffer = stackalloc byte[Size];
        return Interop.AvUtil.av_strerror(error, buffer, Size) == 0
            ? System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)buffer) ?? $"unknown error {error}"
            : $"unknown error {error}";
    }

    /// <summary>Throws when <paramref name="result"/> is negative.</summary>
    public static int ThrowIfError(int result, string what) =>
        result < 0 ? throw new FFmpegException($"{what} failed: {Describe(result)} ({result})") { ErrorCode = result } : result;
}
