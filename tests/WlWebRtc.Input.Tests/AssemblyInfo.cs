using System.Runtime.Versioning;

// The input plugins run on Linux only.
[assembly: SupportedOSPlatform("linux")]
