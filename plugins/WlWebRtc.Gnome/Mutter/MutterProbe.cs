using System.Globalization;
using WlWebRtc.DBus;

namespace WlWebRtc.Gnome.Mutter;

/// <summary>Whether Mutter's own ScreenCast / RemoteDesktop API is on the session bus, and why not.</summary>
internal static class MutterProbe
{
    /// <summary>Checks one of Mutter's services (its name and its Version property); never throws but on cancellation.</summary>
    public static async Task<(bool Available, string Reason)> ProbeAsync(GnomeEnvironment environment, string service, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        DBusConnection bus;
        try
        {
            bus = await environment.ConnectAsync(new DBusConnectionOptions { ConnectTimeout = timeout, DefaultTimeout = timeout }, cancellationToken).ConfigureAwait(false);
        }
        catch (DBusConnectionException exception)
        {
            const string Prefix = "No session bus: ";
            var detail = exception.Message.StartsWith(Prefix, StringComparison.Ordinal) ? exception.Message[Prefix.Length..] : exception.Message;
            return (false, "no session bus: " + detail);
        }

        await using (bus.ConfigureAwait(false))
        {
            return await ProbeAsync(bus, service, path, timeout, cancellationToken).ConfigureAwait(false);
        }
    }

    public static async Task<(bool Available, string Reason)> ProbeAsync(DBusConnection bus, string service, string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            if (!await bus.NameHasOwnerAsync(service, timeout, cancellationToken).ConfigureAwait(false))
            {
                return (false, $"{service} is not on the session bus (not a GNOME session, or mutter is not running)");
            }

            var version = await bus.GetPropertyAsync<int>(service, path, service, "Version", timeout, cancellationToken).ConfigureAwait(false);
            return (true, string.Create(CultureInfo.InvariantCulture, $"{service} v{version}"));
        }
        catch (DBusErrorException exception)
        {
            return (false, $"{service} answered {exception.ErrorName}: {exception.ErrorMessage}");
        }
        catch (TimeoutException)
        {
            return (false, string.Create(CultureInfo.InvariantCulture, $"{service} did not answer within {timeout.TotalSeconds:0.#} s"));
        }
        catch (DBusConnectionException exception)
        {
            return (false, "the session bus connection failed: " + exception.Message);
        }
    }
}
