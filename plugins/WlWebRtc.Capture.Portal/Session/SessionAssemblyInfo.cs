using System.Runtime.CompilerServices;

// The input tests open a real capture session (portal part only) against a fake portal and hand its
// RemoteDesktop feature to the input plugin.
[assembly: InternalsVisibleTo("WlWebRtc.Input.Tests")]
