using System.CommandLine;
using System.Globalization;

namespace WlWebRtc.Bench.E2e;

/// <summary><c>wlwebrtc-bench e2e [--size WxH] [--fps N] [--seconds S] [--content NAME] [--json]</c>: arguments parsed and validated here, once.</summary>
internal static class E2eCommand
{
    public static Command Create()
    {
        var size = new Option<FrameSize>("--size")
        {
            Description = "The test pattern's size, WxH, even, from 896x64 to 7680x4320",
            DefaultValueFactory = _ => new FrameSize(1920, 1080),
            CustomParser = ParseSize,
        };
        var fps = new Option<int>("--fps") { Description = "Frames per second, 1 to 240", DefaultValueFactory = _ => 30 };
        fps.Validators.Add(r => Range(r, "--fps", 1, 240));
        var seconds = new Option<int>("--seconds") { Description = "The measured window in seconds, 1 to 3600", DefaultValueFactory = _ => 10 };
        seconds.Validators.Add(r => Range(r, "--seconds", 1, 3600));
        var json = new Option<bool>("--json") { Description = "Print the report as JSON" };
        var content = new Option<string>("--content") { Description = "The test pattern's content profile: pattern, static, scrolling or motion", DefaultValueFactory = _ => "pattern" };
        content.AcceptOnlyFromAmong("pattern", "static", "scrolling", "motion");

        var command = new Command("e2e", "Start the server with the test pattern and x264, play it in headless Chromium through WHEP, and report capture-to-pixels latency, frames delivered, and the server's CPU and peak RSS");
        command.Options.Add(size);
        command.Options.Add(fps);
        command.Options.Add(seconds);
        command.Options.Add(json);
        command.Options.Add(content);
        command.SetAction((parse, ct) =>
        {
            var frame = parse.GetValue(size)!;
            var options = new E2eOptions(frame.Width, frame.Height, parse.GetValue(fps), parse.GetValue(seconds), parse.GetValue(json), parse.GetValue(content)!);
            return E2eBenchmark.RunAsync(options, Console.Out, ct);
        });
        return command;
    }

    private static FrameSize? ParseSize(System.CommandLine.Parsing.ArgumentResult result)
    {
        var value = result.Tokens.Count == 1 ? result.Tokens[0].Value : string.Empty;
        var parts = value.Split('x');
        if (parts.Length == 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var w) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var h)
            && w is >= 896 and <= 7680 && h is >= 64 and <= 4320 && w % 2 == 0 && h % 2 == 0)
        {
            return new FrameSize(w, h);
        }

        result.AddError($"--size must be WxH, even, from 896x64 to 7680x4320, got '{value}'");
        return null;
    }

    private static void Range(System.CommandLine.Parsing.OptionResult result, string name, int min, int max)
    {
        var value = result.GetValueOrDefault<int>();
        if (value < min || value > max)
        {
            result.AddError($"{name} must be from {min} to {max}, got {value}");
        }
    }

    private sealed record FrameSize(int Width, int Height)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Width}x{Height}");
    }
}
