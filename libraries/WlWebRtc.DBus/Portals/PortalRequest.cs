using System.Security.Cryptography;

namespace WlWebRtc.DBus.Portals;

/// <summary>
/// Calls a portal method that answers through a Request object: subscribes to the Request's Response signal on
/// the predicted handle path BEFORE the call (the answer may come before the method reply), then waits for it.
/// </summary>
internal static class PortalRequest
{
    private static int _counter;

    public static string NewToken(string prefix) =>
        $"{prefix}{Interlocked.Increment(ref _counter)}_{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";

    /// <summary>The object path the portal gives a request or session token of this connection.</summary>
    public static string PathFor(DBusConnection connection, string kind, string token) =>
        $"/org/freedesktop/portal/desktop/{kind}/{connection.UniqueName.TrimStart(':').Replace('.', '_')}/{token}";

    public static async Task<Dictionary<string, DBusVariant>> CallAsync(
        DBusConnection connection,
        string @interface,
        string method,
        string signature,
        IReadOnlyList<object> leadingArgs,
        Dictionary<string, DBusVariant> options,
        PortalTimeouts timeouts,
        CancellationToken cancellationToken)
    {
        var name = $"{@interface[(@interface.LastIndexOf('.') + 1)..]}.{method}";
        var token = NewToken("wlwebrtc");
        options["handle_token"] = new DBusVariant("s", token);
        var expectedPath = PathFor(connection, "request", token);
        var response = new TaskCompletionSource<DBusMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var subscription = await SubscribeAsync(connection, expectedPath, response, cancellationToken).ConfigureAwait(false);
        DBusSubscription? fallback = null;
        try
        {
            var reply = await connection.CallMethodAsync(PortalNames.Service, PortalNames.ObjectPath, @interface, method, signature + "a{sv}", [.. leadingArgs, options], timeouts.Call, cancellationToken).ConfigureAwait(false);
            if (reply.Signature != "o")
            {
                throw new DBusProtocolException($"{name} answered with signature '{reply.Signature}' instead of a request handle 'o'.");
            }

            var handle = ((ObjectPath)reply.Body[0]).Value;
            if (handle != expectedPath)
            {
                // Portals before 0.9 chose their own path; a Response sent before this subscription would be lost,
                // which the response timeout then reports.
                fallback = await SubscribeAsync(connection, handle, response, cancellationToken).ConfigureAwait(false);
            }

            DBusMessage message;
            try
            {
                message = await response.Task.WaitAsync(timeouts.Response, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                await CloseRequestAsync(connection, handle, timeouts).ConfigureAwait(false);
                throw new DBusTimeoutException($"The portal did not answer {name} within {timeouts.Response.TotalSeconds:0.###} s (no Response signal on {handle}).");
            }
            catch (OperationCanceledException)
            {
                await CloseRequestAsync(connection, handle, timeouts).ConfigureAwait(false);
                throw;
            }

            if (message.Signature != "ua{sv}")
            {
                throw new DBusProtocolException($"The Response to {name} has signature '{message.Signature}' instead of 'ua{{sv}}'.");
            }

            var code = (PortalResponse)(uint)message.Body[0];
            if (code != PortalResponse.Success)
            {
                throw new PortalRequestException(name, code);
            }

            return DBusValue.ToVardict(message.Body[1]);
        }
        finally
        {
            subscription.Dispose();
            fallback?.Dispose();
        }
    }

    private static Task<DBusSubscription> SubscribeAsync(DBusConnection connection, string path, TaskCompletionSource<DBusMessage> response, CancellationToken cancellationToken) =>
        connection.SubscribeAsync(
            new MatchRule { Sender = PortalNames.Service, Path = path, Interface = PortalNames.Request, Member = "Response" },
            message => response.TrySetResult(message),
            cancellationToken);

    private static async Task CloseRequestAsync(DBusConnection connection, string handle, PortalTimeouts timeouts)
    {
        try
        {
            await connection.CallMethodAsync(PortalNames.Service, handle, PortalNames.Request, "Close", timeout: timeouts.Call).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DBusErrorException or DBusTimeoutException or DBusConnectionException)
        {
            // Best effort: the request may already be gone.
        }
    }
}

/// <summary>How long to wait for a method reply, and for a Response (which may wait for the user at a dialog).</summary>
public sealed record PortalTimeouts
{
    public TimeSpan Call { get; init; } = TimeSpan.FromSeconds(10);

    public TimeSpan Response { get; init; } = TimeSpan.FromMinutes(2);

    public IEnumerable<string> Validate(string prefix)
    {
        if (Call <= TimeSpan.Zero)
        {
            yield return $"{prefix}.call_timeout: must be positive, was {Call}.";
        }

        if (Response <= TimeSpan.Zero)
        {
            yield return $"{prefix}.response_timeout: must be positive, was {Response}.";
        }
    }
}
