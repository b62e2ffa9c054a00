using System.Runtime.Versioning;

// The server, the desktop and its portals run on Linux only.
[assembly: SupportedOSPlatform("linux")]
