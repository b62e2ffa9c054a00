using System.Runtime.CompilerServices;
using WlWebRtc.Capture.Portal;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(PortalCapturePlugin))]
[assembly: InternalsVisibleTo("WlWebRtc.Capture.Tests")]
[assembly: InternalsVisibleTo("WlWebRtc.Benchmarks")]
