using WlWebRtc.Media;

namespace WlWebRtc.Host.Streaming.Tiers;

/// <summary>
/// Views of one captured frame for several encoder tiers: each tier owns and disposes its view as it would the
/// frame; the captured frame goes back to its producer when the last view is disposed. Only the first view carries
/// the cursor metadata (the first tier relays it, once).
/// </summary>
internal static class SharedVideoFrame
{
    public static VideoFrame[] Split(VideoFrame frame, int count)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var owners = new Owners(frame, count);
        return [.. Enumerable.Range(0, count).Select(i => new View(owners) { Damage = frame.Damage, Cursor = i == 0 ? frame.Cursor : null })];
    }

    private sealed class Owners(VideoFrame frame, int count)
    {
        private int _count = count;

        public VideoFrame Frame => frame;

        public void Release()
        {
            if (Interlocked.Decrement(ref _count) == 0)
            {
                frame.Dispose();
            }
        }
    }

    private sealed class View(Owners owners)
        : VideoFrame(owners.Frame.Format, owners.Frame.Width, owners.Frame.Height, owners.Frame.Memory, owners.Frame.CaptureTime, owners.Frame.Sequence)
    {
        public override IReadOnlyList<FramePlane> Planes => owners.Frame.Planes;

        protected override ReadOnlySpan<byte> GetBytesCore() => owners.Frame.GetBytes();

        protected override void Dispose(bool disposing) => owners.Release();
    }
}
