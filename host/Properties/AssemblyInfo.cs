using System.Runtime.Versioning;

// wlwebrtc is a Wayland server: Linux only.
[assembly: SupportedOSPlatform("linux")]
