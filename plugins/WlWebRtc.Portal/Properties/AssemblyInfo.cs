using System.Runtime.CompilerServices;
using WlWebRtc.Plugins;
using WlWebRtc.Portal;

// One assembly, two plugins: the RemoteDesktop input shares the capture's portal session through internal types,
// so nothing about that session has to travel through the contracts.
[assembly: WlWebRtcPlugin(typeof(PortalCapturePlugin))]
[assembly: WlWebRtcPlugin(typeof(PortalRemoteDesktopPlugin))]
[assembly: InternalsVisibleTo("WlWebRtc.Capture.Tests")]
[assembly: InternalsVisibleTo("WlWebRtc.Input.Tests")]
[assembly: InternalsVisibleTo("WlWebRtc.Gnome.Tests")]
[assembly: InternalsVisibleTo("WlWebRtc.Benchmarks")]
