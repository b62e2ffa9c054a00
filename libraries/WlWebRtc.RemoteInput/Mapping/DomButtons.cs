namespace WlWebRtc.RemoteInput.Mapping;

/// <summary>DOM <c>MouseEvent.button</c> → evdev button code.</summary>
internal static class DomButtons
{
    public const int BtnLeft = 0x110;
    public const int BtnRight = 0x111;
    public const int BtnMiddle = 0x112;
    public const int BtnSide = 0x113;
    public const int BtnExtra = 0x114;

    public static bool TryGetEvdev(int domButton, out int evdev)
    {
        evdev = domButton switch
        {
            0 => BtnLeft,
            1 => BtnMiddle,
            2 => BtnRight,
            3 => BtnSide, // back
            4 => BtnExtra, // forward
            _ => 0,
        };
        return evdev != 0;
    }
}
