using WlWebRtc.RemoteInput.Display;

namespace WlWebRtc.Host.Streaming.Display;

/// <summary>Picks the display messages out of the input channel before the input router sees them.</summary>
internal static class DisplayMessages
{
    /// <summary>
    /// True when <paramref name="utf8Json"/> is a display message: a valid size report goes to
    /// <paramref name="follower"/> (if the server follows viewers), a valid output choice to <paramref name="outputs"/>
    /// (if the capture can switch), an invalid one is dropped. False: input.
    /// </summary>
    public static bool Route(ReadOnlySpan<byte> utf8Json, string viewerId, bool hasControl, ViewerSizeFollower? follower, OutputSwitcher? outputs = null)
    {
        switch (OutputMessageParser.Parse(utf8Json, out var name))
        {
            case OutputMessageKind.Select:
                outputs?.OnSelect(viewerId, hasControl, name!);
                return true;
            case OutputMessageKind.Invalid:
                return true;
            default:
                break;
        }

        switch (DisplayMessageParser.Parse(utf8Json, out var size))
        {
            case DisplayMessageKind.ViewerSize:
                follower?.OnViewerSize(viewerId, hasControl, size);
                return true;
            case DisplayMessageKind.Invalid:
                return true;
            default:
                return false;
        }
    }
}
