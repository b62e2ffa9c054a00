// Desktop tests start sway, PipeWire and portals; run them one at a time so that the frame-rate tests do not
// compete with another desktop of this run for the machine's cores.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
