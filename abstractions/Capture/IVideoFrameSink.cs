using WlWebRtc.Media;

namespace WlWebRtc.Capture;

/// <summary>Receives frames from a capture source. Calls come from the source's thread and must return quickly.</summary>
public interface IVideoFrameSink
{
    /// <summary>A new frame; the sink now owns it and must dispose it (at once if it drops it).</summary>
    void OnFrame(VideoFrame frame);

    /// <summary>
    /// The cursor, from a source that captures it as metadata beside the frames instead of drawing it into them
    /// (position in frame pixels; the bitmap only when it changed). Comes from the source's thread, also between
    /// frames (the pointer moved over a still picture), and must return quickly. The default ignores it.
    /// </summary>
    void OnCursor(CursorInfo cursor)
    {
    }

    /// <summary>The source ended: <paramref name="failure"/> is null for a requested stop, else says why (e.g. the compositor closed the session).</summary>
    void OnStopped(Exception? failure);
}
