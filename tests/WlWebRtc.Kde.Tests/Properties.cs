// The session tests start KWin, PipeWire and WirePlumber; one at a time, so they do not compete for the cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
