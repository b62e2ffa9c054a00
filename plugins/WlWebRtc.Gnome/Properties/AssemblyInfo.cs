using System.Runtime.CompilerServices;
using WlWebRtc.Gnome.Capture;
using WlWebRtc.Gnome.Input;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(GnomeCapturePlugin))]
[assembly: WlWebRtcPlugin(typeof(GnomeInputPlugin))]
[assembly: InternalsVisibleTo("WlWebRtc.Gnome.Tests")]
