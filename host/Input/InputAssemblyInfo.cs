using System.Runtime.CompilerServices;

// The end-to-end input tests (router + wlr plugin on a real sway) live with the plugin tests.
[assembly: InternalsVisibleTo("WlWebRtc.Input.Tests")]
