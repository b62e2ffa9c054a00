using System.Runtime.Versioning;

// A headless desktop session (sway, PipeWire, the portals) exists on Linux only.
[assembly: SupportedOSPlatform("linux")]
