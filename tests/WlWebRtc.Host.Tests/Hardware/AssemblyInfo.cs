using System.Runtime.Versioning;

// The host is Linux only, and so are the tests of its hardware detection (sysfs, procfs, libva, Unix sockets).
// SupportedOSPlatform allows several uses, so another copy elsewhere in this assembly does no harm.
[assembly: SupportedOSPlatform("linux")]
