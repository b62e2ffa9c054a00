using Microsoft.Extensions.Logging;

namespace WlWebRtc.DBus;

/// <summary>A signal subscription; disposing it removes the match rule from the bus.</summary>
public sealed class DBusSubscription : IDisposable, IAsyncDisposable
{
    private readonly DBusConnection _connection;
    private readonly string? _senderOwner;
    private Action<DBusMessage>? _handler;

    internal DBusSubscription(DBusConnection connection, MatchRule rule, string? senderOwner, Action<DBusMessage> handler)
    {
        _connection = connection;
        Rule = rule;
        _senderOwner = senderOwner;
        _handler = handler;
    }

    public MatchRule Rule { get; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _handler, null) is not null)
        {
            _connection.RemoveSubscription(this);
        }
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    internal void Deliver(DBusMessage message, ILogger logger)
    {
        var handler = Volatile.Read(ref _handler);
        if (handler is null || !Rule.Matches(message, _senderOwner))
        {
            return;
        }

        try
        {
            handler(message);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            DBusConnection.LogSignalHandlerFailed(logger, Rule.ToString(), e);
        }
    }
}
