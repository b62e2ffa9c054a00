namespace WlWebRtc.Gnome.Mutter;

/// <summary>Mutter's API is missing, refused a call, or ended the session.</summary>
public sealed class MutterException : Exception
{
    public MutterException()
    {
    }

    public MutterException(string message)
        : base(message)
    {
    }

    public MutterException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
