namespace WlWebRtc.RemoteInput.Display;

/// <summary>What <see cref="DisplayMessageParser.Parse"/> found in a message of the input channel.</summary>
public enum DisplayMessageKind
{
    /// <summary>Not a display message (another <c>t</c>, or no JSON object at all): the input router handles it.</summary>
    NotDisplay,

    /// <summary>A valid viewer size report (<c>vs</c>).</summary>
    ViewerSize,

    /// <summary>A display message that is malformed, too large or out of range: dropped.</summary>
    Invalid,
}
