using WlWebRtc.PipeWire;
using WlWebRtc.PipeWire.Spa;
using WlWebRtc.Media;

namespace WlWebRtc.PipeWire.Capture;

/// <summary>Reads the metadata PipeWire attached to a buffer (header, damage, cursor), bounds-checked against each meta's size.</summary>
internal static unsafe class BufferMetadata
{
    private const uint HeaderFlagCorrupted = 1 << 1;

    public static Interop.PipeWire.SpaMeta* Find(Interop.PipeWire.SpaBuffer* buffer, uint type, int minimumSize)
    {
        for (var i = 0u; i < buffer->MetaCount; i++)
        {
            var meta = &buffer->Metas[i];
            if (meta->Type == type && meta->Data != null && meta->Size >= minimumSize)
            {
                return meta;
            }
        }

        return null;
    }

    public static bool IsCorrupted(Interop.PipeWire.SpaBuffer* buffer)
    {
        var header = Find(buffer, SpaConstants.MetaHeader, SpaConstants.MetaHeaderSize);
        return header != null && (((Interop.PipeWire.SpaMetaHeader*)header->Data)->Flags & HeaderFlagCorrupted) != 0;
    }

    /// <summary>Damage regions clipped to the frame; empty when absent (the whole frame changed).</summary>
    public static IReadOnlyList<DamageRect> Damage(Interop.PipeWire.SpaBuffer* buffer, int width, int height)
    {
        var meta = Find(buffer, SpaConstants.MetaVideoDamage, SpaConstants.MetaRegionSize);
        if (meta == null)
        {
            return [];
        }

        var regions = (Interop.PipeWire.SpaMetaRegion*)meta->Data;
        var count = (int)(meta->Size / SpaConstants.MetaRegionSize);
        var damage = new List<DamageRect>(Math.Min(count, 4));
        for (var i = 0; i < count; i++)
        {
            var region = regions[i];
            if (region.Width == 0 || region.Height == 0)
            {
                break; // the list ends at the first empty region
            }

            var x = Math.Clamp(region.X, 0, width);
            var y = Math.Clamp(region.Y, 0, height);
            var right = (int)Math.Clamp(region.X + (long)region.Width, x, width);
            var bottom = (int)Math.Clamp(region.Y + (long)region.Height, y, height);
            if (right > x && bottom > y)
            {
                damage.Add(new DamageRect(x, y, right - x, bottom - y));
            }
        }

        return damage;
    }

    /// <summary>The cursor, with its bitmap (as BGRA) when this buffer carries a new one; null when absent.</summary>
    public static CursorInfo? Cursor(Interop.PipeWire.SpaBuffer* buffer)
    {
        var meta = Find(buffer, SpaConstants.MetaCursor, SpaConstants.MetaCursorSize);
        if (meta == null)
        {
            return null;
        }

        var cursor = (Interop.PipeWire.SpaMetaCursor*)meta->Data;
        if (cursor->Id == 0)
        {
            return new CursorInfo(0, 0, Visible: false);
        }

        var info = new CursorInfo(cursor->X, cursor->Y, Visible: true) { HotspotX = cursor->HotspotX, HotspotY = cursor->HotspotY };
        var offset = cursor->BitmapOffset;
        if (offset < SpaConstants.MetaCursorSize || offset > meta->Size - SpaConstants.MetaBitmapSize)
        {
            return info;
        }

        var bitmap = (Interop.PipeWire.SpaMetaBitmap*)((byte*)meta->Data + offset);
        if (bitmap->Width > StreamParams.CursorBitmapMaxSide || bitmap->Height > StreamParams.CursorBitmapMaxSide)
        {
            return info;
        }

        var width = (int)bitmap->Width;
        var height = (int)bitmap->Height;
        var stride = bitmap->Stride;
        var start = (long)offset + bitmap->Offset;
        if (width == 0 || height == 0 || stride < width * 4 || start + ((long)stride * (height - 1)) + (width * 4) > meta->Size)
        {
            return info;
        }

        var swapRedBlue = bitmap->Format is SpaVideoFormats.Rgba or SpaVideoFormats.Rgbx;
        if (!swapRedBlue && bitmap->Format is not (SpaVideoFormats.Bgra or SpaVideoFormats.Bgrx))
        {
            return info;
        }

        var pixels = new byte[width * height * 4];
        var source = (byte*)meta->Data + start;
        for (var row = 0; row < height; row++)
        {
            var line = new ReadOnlySpan<byte>(source + ((long)row * stride), width * 4);
            line.CopyTo(pixels.AsSpan(row * width * 4));
        }

        if (swapRedBlue)
        {
            for (var i = 0; i < pixels.Length; i += 4)
            {
                (pixels[i], pixels[i + 2]) = (pixels[i + 2], pixels[i]);
            }
        }

        return info with { Bitmap = pixels, BitmapWidth = width, BitmapHeight = height };
    }
}
