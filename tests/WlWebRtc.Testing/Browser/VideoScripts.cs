namespace WlWebRtc.Testing.Browser;

/// <summary>JavaScript that tests evaluate in a Chromium page to read what a &lt;video&gt; shows.</summary>
public static class VideoScripts
{
    /// <summary>
    /// <c>selector =&gt; { width, height, colours }</c>, or null while the video has no size: the (R, G, B) at the centres
    /// of the four quadrants (top-left, top-right, bottom-left, bottom-right: the test pattern's red, green, blue and
    /// white) and at the middle of the frame, read through a canvas.
    /// </summary>
    public const string SampleColours = """
        selector => {
          const v = document.querySelector(selector);
          const w = v.videoWidth, h = v.videoHeight;
          if (!w || !h) return null;
          const c = document.createElement('canvas');
          c.width = w; c.height = h;
          const g = c.getContext('2d', { willReadFrequently: true });
          g.drawImage(v, 0, 0, w, h);
          const at = (x, y) => Array.from(g.getImageData(Math.floor(x), Math.floor(y), 1, 1).data.slice(0, 3));
          return { width: w, height: h, colours: [at(w / 4, h / 4), at(3 * w / 4, h / 4), at(w / 4, 3 * h / 4), at(3 * w / 4, 3 * h / 4), at(w / 2, h / 2)] };
        }
        """;
}
