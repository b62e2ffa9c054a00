using System.Globalization;

namespace WlWebRtc.FFmpeg.Encoding;

/// <summary>Sets AVOptions on a codec context (generic options) or on its private data (encoder-specific options).</summary>
public sealed class CodecOptions
{
    private readonly string _codecName;

    internal CodecOptions(SafeCodecContextHandle context, string codecName)
    {
        Context = context;
        _codecName = codecName;
    }

    internal SafeCodecContextHandle Context { get; }

    /// <summary>Sets a generic codec option (AVCodecContext), e.g. <c>g</c> or <c>threads</c>.</summary>
    public void Set(string name, string value) =>
        Check(Interop.AvUtil.av_opt_set(Context.DangerousGetHandle(), name, value, 0), name, value);

    /// <summary>Sets a generic integer codec option.</summary>
    public void Set(string name, long value) =>
        Check(Interop.AvUtil.av_opt_set_int(Context.DangerousGetHandle(), name, value, 0), name, value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Reads a generic integer codec option.</summary>
    public long GetInt(string name)
    {
        Check(Interop.AvUtil.av_opt_get_int(Context.DangerousGetHandle(), name, 0, out var value), name, "(read)");
        return value;
    }

    /// <summary>Sets an option of the encoder itself (its priv_data, the context's first AVOptions child).</summary>
    public void SetPrivate(string name, string value) =>
        Check(Interop.AvUtil.av_opt_set(PrivateData(), name, value, 0), name, value);

    /// <summary>Sets an integer option of the encoder itself.</summary>
    public void SetPrivate(string name, long value) =>
        Check(Interop.AvUtil.av_opt_set_int(PrivateData(), name, value, 0), name, value.ToString(CultureInfo.InvariantCulture));

    private nint PrivateData()
    {
        var child = Interop.AvUtil.av_opt_child_next(Context.DangerousGetHandle(), 0);
        return child != 0 ? child : throw new FFmpegException($"{_codecName} has no private options");
    }

    private void Check(int result, string name, string value)
    {
        if (result < 0)
        {
            throw new FFmpegException($"{_codecName}: option {name}={value} rejected: {FFmpegException.Describe(result)}") { ErrorCode = result };
        }
    }
}
