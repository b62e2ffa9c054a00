namespace WlWebRtc.RemoteInput.Protocol;

/// <summary>The <c>t</c> of a data-channel message (docs/input-protocol.md).</summary>
internal enum InputMessageType
{
    PointerMove,
    PointerRelative,
    PointerButton,
    Wheel,
    Key,
    ReleaseAll,
    Text,
    KeyboardLayout,
    Ping,
    Pong,
    TouchDown,
    TouchMotion,
    TouchUp,
}

/// <summary>
/// One validated message. Fields by type: pointer move X/Y (0..1); relative and wheel X/Y (deltas) and DeltaMode;
/// button and key Code (evdev) and Down; ping/pong Id and Timestamp; Text: what a key produced on the viewer (if sent),
/// the text of <c>tx</c>, the layout of <c>kl</c>; touch (<c>td</c>, <c>tm</c>, <c>tu</c>) Code (the slot) and X/Y (0..1).
/// </summary>
internal readonly record struct InputMessage(InputMessageType Type, double X, double Y, int Code, bool Down, int DeltaMode, long Id, double Timestamp)
{
    public string? Text { get; init; }

    /// <summary>Whether this message is input, forwarded only from a viewer with the control role.</summary>
    public bool IsInput => Type is not (InputMessageType.Ping or InputMessageType.Pong);
}
