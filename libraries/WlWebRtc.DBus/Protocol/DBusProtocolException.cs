namespace WlWebRtc.DBus;

/// <summary>A message, signature or value that breaks the D-Bus wire protocol (received or about to be sent).</summary>
public sealed class DBusProtocolException : Exception
{
    public DBusProtocolException()
    {
    }

    public DBusProtocolException(string message)
        : base(message)
    {
    }

    public DBusProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
