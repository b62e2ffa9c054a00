using WlWebRtc.DBus;
using WlWebRtc.Gnome.Mutter.DisplayConfig;

namespace WlWebRtc.Gnome.Mutter;

internal sealed partial class MutterSession
{
    /// <summary>
    /// Gives this session's virtual monitor (the RecordVirtual monitor of <paramref name="width"/> x
    /// <paramref name="height"/>) the largest scale Mutter allows up to <paramref name="wanted"/>, through
    /// DisplayConfig.ApplyMonitorsConfig (temporary: not saved). Returns the scale set, null when the monitor had it
    /// already; throws <see cref="MutterException"/> saying why it could not be set.
    /// </summary>
    public async Task<double?> ScaleVirtualMonitorAsync(int width, int height, double wanted, CancellationToken cancellationToken)
    {
        try
        {
            var reply = await _bus.CallMethodAsync(MutterNames.DisplayConfig, MutterNames.DisplayConfigPath, MutterNames.DisplayConfig, "GetCurrentState", cancellationToken: cancellationToken).ConfigureAwait(false);
            var state = DisplayState.Parse(reply.Body);
            if (ScalePlan.TryMake(state, width, height, wanted, out var plan) is { } whyNot)
            {
                throw new MutterException("Mutter's virtual monitor keeps its scale: " + whyNot + ".");
            }

            if (plan is null)
            {
                return null;
            }

            await _bus.CallMethodAsync(MutterNames.DisplayConfig, MutterNames.DisplayConfigPath, MutterNames.DisplayConfig, "ApplyMonitorsConfig", ScalePlan.Signature, plan.Arguments, cancellationToken: cancellationToken).ConfigureAwait(false);
            return plan.Scale;
        }
        catch (DBusErrorException exception)
        {
            throw new MutterException($"Mutter refused a scale for its virtual monitor ({exception.ErrorName}: {exception.ErrorMessage}).", exception);
        }
        catch (InvalidDataException exception)
        {
            throw new MutterException("Mutter's virtual monitor keeps its scale: " + exception.Message, exception);
        }
    }
}
