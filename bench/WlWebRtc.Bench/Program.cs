using WlWebRtc.Bench;

var parse = BenchCommandLine.Create().Parse(args);
if (parse.Errors.Count > 0)
{
    // Bad arguments exit with 2, as the benchmarks always have (1 is a failed run).
    foreach (var error in parse.Errors)
    {
        await Console.Error.WriteLineAsync(error.Message);
    }

    await Console.Error.WriteLineAsync("(--help for usage)");
    return 2;
}

return await parse.InvokeAsync();
