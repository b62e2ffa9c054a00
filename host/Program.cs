using WlWebRtc.Host.Cli;
using WlWebRtc.Host.Configuration;

try
{
    // SIGINT/SIGTERM are handled by the server's host lifetime (graceful stop, exit 0), not by the parser.
    return await WlWebRtcCommandLine.Create().Parse(args).InvokeAsync(new System.CommandLine.InvocationConfiguration { ProcessTerminationTimeout = null });
}
catch (ConfigurationFileException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return ExitCodes.InvalidConfiguration;
}
