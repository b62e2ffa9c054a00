using System.Runtime.CompilerServices;
using WlWebRtc.Input.WlrVirtualInput;
using WlWebRtc.Plugins;

[assembly: WlWebRtcPlugin(typeof(WlrVirtualInputPlugin))]
[assembly: InternalsVisibleTo("WlWebRtc.Input.Tests")]
