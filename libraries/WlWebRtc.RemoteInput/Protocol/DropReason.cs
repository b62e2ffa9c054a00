namespace WlWebRtc.RemoteInput.Protocol;

/// <summary>Why a viewer's message was not forwarded.</summary>
public enum DropReason
{
    /// <summary>Not one JSON object, or a field of the wrong JSON type, or a field twice.</summary>
    Malformed,

    /// <summary>Larger than <see cref="InputMessageParser.MaxMessageBytes"/>.</summary>
    TooLarge,

    /// <summary>A <c>t</c> this server does not know.</summary>
    UnknownType,

    /// <summary>A required field is absent.</summary>
    MissingField,

    /// <summary>A number outside its range, or not finite.</summary>
    OutOfRange,

    /// <summary>A key code or button this server does not know.</summary>
    UnknownCode,

    /// <summary>Input from a viewer without the control role.</summary>
    NotControl,

    /// <summary>Beyond the viewer's rate limit.</summary>
    RateLimited,

    /// <summary>A press of something already held or a release of something not held.</summary>
    Redundant,

    /// <summary>The injector threw.</summary>
    InjectorFailed,
}
