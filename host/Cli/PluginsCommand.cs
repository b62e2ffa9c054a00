using System.CommandLine;
using System.Text.Json;
using Spectre.Console;
using WlWebRtc.Host.Runtime;

namespace WlWebRtc.Host.Cli;

/// <summary><c>wlwebrtc plugins</c> (also <c>wlwebrtc --list-plugins</c>): every plugin, its probe result and reason, and the hardware.</summary>
internal static class PluginsCommand
{
    public static Command Create()
    {
        var command = new Command("plugins", "List every plugin with its probe result and the reason, which is selected, and the detected hardware");
        command.Options.Add(CommonOptions.Json);
        command.SetAction((parse, ct) => RunAsync(parse, parse.GetValue(CommonOptions.Json), ct));
        return command;
    }

    public static async Task<int> RunAsync(ParseResult parse, bool json, CancellationToken cancellationToken)
    {
        var config = CommonOptions.Load(parse, CliOverrides.From(parse));
        if (config.ReportErrors(Console.Error))
        {
            return ExitCodes.InvalidConfiguration;
        }

        using var loggerFactory = CommonOptions.CreateLoggerFactory(parse.GetValue(CommonOptions.LogLevel) ?? "warning");
        var catalog = await PluginCatalog.BuildAsync(config.Options!, config.Configuration, config.File, loggerFactory, probe: true, cancellationToken);
        var listing = PluginListing.From(catalog);
        if (json)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(listing, PluginListingJsonContext.Default.PluginListing));
            return ExitCodes.Ok;
        }

        Render(listing);
        return ExitCodes.Ok;
    }

    private static string ShortFolder(string folder)
    {
        var relative = Path.GetRelativePath(AppContext.BaseDirectory, folder);
        return relative.StartsWith("..", StringComparison.Ordinal) ? folder : relative;
    }

    private static void Render(PluginListing listing)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // Not a terminal: do not squeeze reasons into 80 columns.
            console.Profile.Width = 240;
        }

        var plugins = new Table().Title("Plugins").AddColumns("Kind", "Name", "Version", "Status", "Selected", "Reason", "Folder");
        foreach (var column in plugins.Columns.Take(5))
        {
            column.NoWrap();
        }

        foreach (var p in listing.Plugins)
        {
            var status = p.Status switch
            {
                "available" => "[green]available[/]",
                "unavailable" => "[yellow]unavailable[/]",
                _ => $"[red]{Markup.Escape(p.Status)}[/]",
            };
            plugins.AddRow(p.Kind, Markup.Escape(p.Name), p.Version, status, p.Selected ? "[green]yes[/]" : string.Empty, Markup.Escape(p.Reason), Markup.Escape(ShortFolder(p.Folder)));
        }

        console.Write(plugins);
        foreach (var (kind, problem) in listing.SelectionProblems)
        {
            console.MarkupLine($"[yellow]{kind}:[/] {Markup.Escape(problem)}");
        }

        var hardware = new Table().Title("Hardware and session").AddColumns("Component", "Status", "Detail");
        foreach (var h in listing.Hardware)
        {
            hardware.AddRow(Markup.Escape(h.Component), h.Status == "present" ? "[green]present[/]" : "[grey]absent[/]", Markup.Escape(h.Detail));
        }

        console.Write(hardware);
        console.MarkupLine("[grey]Plugin folders searched: " + Markup.Escape(string.Join(", ", listing.PluginFolders)) + "[/]");
    }
}
