namespace WlWebRtc.DBus;

/// <summary>The bus cannot be reached, refused authentication, or the connection broke.</summary>
public sealed class DBusConnectionException : Exception
{
    public DBusConnectionException()
    {
    }

    public DBusConnectionException(string message)
        : base(message)
    {
    }

    public DBusConnectionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>An error reply: <see cref="ErrorName"/> is the D-Bus error name (e.g. org.freedesktop.DBus.Error.ServiceUnknown).</summary>
public sealed class DBusErrorException : Exception
{
    public DBusErrorException()
        : this("org.freedesktop.DBus.Error.Failed", string.Empty)
    {
    }

    public DBusErrorException(string message)
        : this("org.freedesktop.DBus.Error.Failed", message)
    {
    }

    public DBusErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
        ErrorName = "org.freedesktop.DBus.Error.Failed";
        ErrorMessage = message;
    }

    public DBusErrorException(string errorName, string errorMessage)
        : base($"{errorName}: {errorMessage}")
    {
        ErrorName = errorName;
        ErrorMessage = errorMessage;
    }

    public string ErrorName { get; }

    /// <summary>The error's own text (the first string argument of the error reply).</summary>
    public string ErrorMessage { get; }
}

/// <summary>A call got no reply within its timeout (missing service, stuck daemon or peer).</summary>
public sealed class DBusTimeoutException : TimeoutException
{
    public DBusTimeoutException()
    {
    }

    public DBusTimeoutException(string message)
        : base(message)
    {
    }

    public DBusTimeoutException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
