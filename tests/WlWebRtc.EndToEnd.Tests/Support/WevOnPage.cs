namespace WlWebRtc.EndToEnd.Tests.Support;

/// <summary>Finds wev's window in the viewer's video: the KDE end-to-end tests aim clicks at it and check its size.</summary>
internal static class WevOnPage
{
    /// <summary>
    /// The bounding box (video pixels) of wev's grey (0x666666, give or take the codec) surface with the video's size
    /// (<c>{ left, top, right, bottom, count, w, h }</c>), or null while fewer than 100 sampled pixels are that grey.
    /// </summary>
    public const string FindGreyBoxScript = """
        () => {
          const v = document.querySelector('#video');
          const w = v.videoWidth, h = v.videoHeight;
          if (!w || !h) return null;
          const c = document.createElement('canvas');
          c.width = w; c.height = h;
          const g = c.getContext('2d', { willReadFrequently: true });
          g.drawImage(v, 0, 0, w, h);
          const d = g.getImageData(0, 0, w, h).data;
          let left = w, top = h, right = -1, bottom = -1, count = 0;
          for (let y = 0; y < h; y += 4) for (let x = 0; x < w; x += 4) {
            const i = (y * w + x) * 4;
            if (Math.abs(d[i] - 0x66) <= 8 && Math.abs(d[i + 1] - 0x66) <= 8 && Math.abs(d[i + 2] - 0x66) <= 8) {
              count++; left = Math.min(left, x); right = Math.max(right, x); top = Math.min(top, y); bottom = Math.max(bottom, y);
            }
          }
          return count < 100 ? null : { left, top, right, bottom, count, w, h };
        }
        """;
}
