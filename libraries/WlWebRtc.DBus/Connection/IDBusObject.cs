namespace WlWebRtc.DBus;

/// <summary>An object exported on a connection: answers the method calls sent to its path.</summary>
public interface IDBusObject
{
    /// <summary>Handles a call; throw <see cref="DBusErrorException"/> to answer with a D-Bus error.</summary>
    ValueTask<DBusReply> HandleMethodCallAsync(DBusMessage message, CancellationToken cancellationToken);
}

/// <summary>The body of a method return.</summary>
public sealed record DBusReply(string Signature, IReadOnlyList<object> Body)
{
    public static DBusReply Empty { get; } = new(string.Empty, []);
}

/// <summary>Answer of RequestName.</summary>
public enum RequestNameReply : uint
{
    PrimaryOwner = 1,
    InQueue = 2,
    Exists = 3,
    AlreadyOwner = 4,
}

/// <summary>Flags of RequestName.</summary>
[Flags]
public enum RequestNameOptions : uint
{
    None = 0,
    AllowReplacement = 1,
    ReplaceExisting = 2,
    DoNotQueue = 4,
}
