using Microsoft.Extensions.Logging;
using WlWebRtc.Clipboard;
using WlWebRtc.Gnome.Clipboard;
using WlWebRtc.Gnome.Mutter;
using WlWebRtc.Input;
using WlWebRtc.Plugins;

namespace WlWebRtc.Gnome.Input;

/// <summary>The clipboard of the same Mutter RemoteDesktop session the input uses (its selection API).</summary>
public sealed partial class GnomeInputPlugin : IClipboardPlugin
{
    public async ValueTask<ISessionClipboard> OpenClipboardAsync(InputTarget target, PluginContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(context);
        var session = target.Source.GetFeature<MutterSession>()
            ?? throw new InvalidOperationException(
                $"The GNOME clipboard needs capture plugin \"gnome\": it uses the capture's Mutter RemoteDesktop session, and the capture is {target.Source.Description}.");
        if (session.Closed.IsCompleted)
        {
            throw new MutterException("The Mutter session ended: " + await MutterSession.DescribeEndAsync(session.Closed).ConfigureAwait(false));
        }

        return await MutterClipboard.CreateAsync(session, context.LoggerFactory.CreateLogger("WlWebRtc.Gnome.Clipboard"), cancellationToken).ConfigureAwait(false);
    }
}
