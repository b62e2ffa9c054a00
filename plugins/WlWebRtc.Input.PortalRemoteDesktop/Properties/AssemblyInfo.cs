using System.Runtime.CompilerServices;
using WlWebRtc.Input.PortalRemoteDesktop;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(PortalRemoteDesktopPlugin))]
[assembly: InternalsVisibleTo("WlWebRtc.Input.Tests")]
