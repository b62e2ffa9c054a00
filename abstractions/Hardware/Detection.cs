namespace WlWebRtc.Hardware;

/// <summary>Whether something was found, and in words what was found or why not.</summary>
/// <param name="IsPresent">Whether it is there and usable.</param>
/// <param name="Reason">What was found, or why not ("not present, because …").</param>
public sealed record Detection(bool IsPresent, string Reason)
{
    /// <summary>Found.</summary>
    public static Detection Present(string reason) => new(true, reason);

    /// <summary>Not found, and why.</summary>
    public static Detection Absent(string reason) => new(false, reason);
}
