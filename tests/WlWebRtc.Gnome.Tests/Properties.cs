// The session tests start mutter, PipeWire and WirePlumber; one at a time, so they do not compete for the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
