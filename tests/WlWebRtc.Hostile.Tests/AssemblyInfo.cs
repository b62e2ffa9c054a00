using System.Runtime.Versioning;

// The server runs on Linux only; the figures come from /proc.
[assembly: SupportedOSPlatform("linux")]

// One server at a time: each test measures one process's CPU and memory on a 2-core machine.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
