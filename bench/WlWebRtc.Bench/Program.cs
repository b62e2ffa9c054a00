using WlWebRtc.Bench;

return await BenchCommandLine.Create().Parse(args).InvokeAsync();
