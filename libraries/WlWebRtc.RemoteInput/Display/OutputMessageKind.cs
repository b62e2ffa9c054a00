namespace WlWebRtc.RemoteInput.Display;

/// <summary>What <see cref="OutputMessageParser.Parse"/> found in a message of the input channel.</summary>
public enum OutputMessageKind
{
    /// <summary>Not an output message: someone else's (the size report's, the input router's).</summary>
    NotOutput,

    /// <summary>A valid request to watch another output (<c>so</c>).</summary>
    Select,

    /// <summary>An output message that is malformed, too large or names no possible output: dropped.</summary>
    Invalid,
}
