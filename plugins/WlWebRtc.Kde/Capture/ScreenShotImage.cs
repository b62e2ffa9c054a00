using System.Globalization;
using WlWebRtc.DBus;
using WlWebRtc.Media;

namespace WlWebRtc.Kde.Capture;

/// <summary>What org.kde.KWin.ScreenShot2 says about the image it writes into the pipe: raw pixels, their size, stride and QImage format.</summary>
internal sealed record ScreenShotImage(int Width, int Height, int Stride, PixelFormat Format)
{
    /// <summary>The largest image accepted (bytes), so that a wrong answer cannot make us allocate without bound.</summary>
    public const long MaxBytes = 8192L * 8192 * 4;

    /// <summary>Reads the reply's results; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static ScreenShotImage Parse(IReadOnlyDictionary<string, DBusVariant> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.TryGetValue("type", out var type) && type.Value is string kind && kind != "raw")
        {
            throw new InvalidDataException($"KWin's screenshot is of type '{kind}', not raw pixels.");
        }

        var width = Number(results, "width");
        var height = Number(results, "height");
        var stride = Number(results, "stride");
        var qimageFormat = Number(results, "format");
        if (width <= 0 || height <= 0 || stride < width * 4 || (long)stride * height > MaxBytes)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"KWin's screenshot has an unusable size: {width}x{height}, stride {stride}."));
        }

        return new ScreenShotImage(width, height, stride, ToPixelFormat(qimageFormat));
    }

    public int Length => Stride * Height;

    /// <summary>QImage::Format values of 32-bit images (QImage stores them as native-endian words, so ARGB32 is B,G,R,A in memory here).</summary>
    public static PixelFormat ToPixelFormat(long qimageFormat) => qimageFormat switch
    {
        4 => PixelFormat.Bgrx, // Format_RGB32
        5 or 6 => PixelFormat.Bgra, // Format_ARGB32, Format_ARGB32_Premultiplied
        16 => PixelFormat.Rgbx, // Format_RGBX8888
        17 or 18 => PixelFormat.Rgba, // Format_RGBA8888, Format_RGBA8888_Premultiplied
        _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"KWin's screenshot has QImage format {qimageFormat}, not a 32-bit RGB format this source reads.")),
    };

    private static int Number(IReadOnlyDictionary<string, DBusVariant> results, string key)
    {
        if (!results.TryGetValue(key, out var value))
        {
            throw new InvalidDataException($"KWin's screenshot results lack '{key}'.");
        }

        try
        {
            return DBusValue.Convert<int>(value.Value);
        }
        catch (Exception exception) when (exception is InvalidCastException or OverflowException)
        {
            throw new InvalidDataException($"KWin's screenshot result '{key}' is not a number ({value.Signature}).", exception);
        }
    }
}
