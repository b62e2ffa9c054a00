using System.Runtime.Versioning;

// The host (InputRouter) and the plugins run on Linux only.
[assembly: SupportedOSPlatform("linux")]
