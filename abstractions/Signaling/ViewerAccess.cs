namespace WlWebRtc.Signaling;

/// <summary>What a presented token grants.</summary>
/// <param name="Role">The role it grants.</param>
public sealed record ViewerAccess(ViewerRole Role);

/// <summary>A viewer's role.</summary>
public enum ViewerRole
{
    /// <summary>Watches only.</summary>
    View,

    /// <summary>Watches and may send pointer and keyboard input.</summary>
    Control,
}
