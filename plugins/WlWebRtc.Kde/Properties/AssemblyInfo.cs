using System.Runtime.CompilerServices;
using WlWebRtc.Kde.Capture;
using WlWebRtc.Kde.Input;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(KdeCapturePlugin))]
[assembly: WlWebRtcPlugin(typeof(KdeInputPlugin))]
[assembly: InternalsVisibleTo("WlWebRtc.Kde.Tests")]
