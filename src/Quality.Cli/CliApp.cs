using System.Globalization;
using Quality.Cli.Commands;

namespace Quality.Cli;

/// <summary>Dispatches `quality VERB ...` to its command; callable in-process so tests run the real CLI.</summary>
public static class CliApp
{
    /// <summary>Every verb the CLI knows, in the order `quality help` lists them.</summary>
    public static IReadOnlyList<ICliCommand> Commands { get; } =
    [
        new ImportCommand(),
        new AgreementCommand(),
        new SimulateCommand(),
        new RatesImportCommand(),
        new CostCommand(),
        new ReviewQueueCommand(),
        new DriftCommand(),
        new DriftAckCommand(),
        new ReportCommand(),
        new ReportVerifyCommand(),
    ];

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        CultureInfo.CurrentUICulture = CultureInfo.InvariantCulture;
        // --stats (any position): after the verb, print wall time and peak memory of this process to stderr.
        // The benchmarks read it, so figures cover the whole process, parsing and start-up included.
        if (args.Contains("--stats"))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var code = Run(args.Where(a => a != "--stats").ToArray(), stdout, stderr);
            stderr.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"stats: elapsed_s={clock.Elapsed.TotalSeconds:F3} peak_rss_mb={ProcessStats.PeakRssMegabytes():F1}"));
            return code;
        }
        if (args.Length == 0 || args[0] is "help" or "--help" or "-h")
        {
            PrintHelp(stdout);
            return args.Length == 0 ? 2 : 0;
        }

        // Verbs may be two words (`rates import`, `report verify`): the longest match wins.
        var command = Commands
            .Where(c => Matches(c.Name, args))
            .OrderByDescending(c => c.Name.Split(' ').Length)
            .FirstOrDefault();
        if (command is null)
        {
            stderr.WriteLine($"quality: unknown command '{args[0]}'. Run 'quality help' for the list.");
            return 2;
        }

        var rest = args.Skip(command.Name.Split(' ').Length).ToArray();
        CliArgs parsed;
        try
        {
            parsed = CliArgs.Parse(rest);
            if (parsed.Has("help"))
            {
                stdout.WriteLine($"quality {command.Name} {command.Usage}");
                stdout.WriteLine(command.Summary);
                return 0;
            }
            return command.Run(parsed, stdout, stderr);
        }
        catch (CliUsageException ex)
        {
            stderr.WriteLine($"quality {command.Name}: {ex.Message}");
            stderr.WriteLine($"usage: quality {command.Name} {command.Usage}");
            return 2;
        }
        catch (QualityException ex)
        {
            // Domain errors already name the file, position and problem: one line, non-zero exit.
            stderr.WriteLine($"quality {command.Name}: error: {ex.Message}");
            return 1;
        }
    }

    private static bool Matches(string name, string[] args)
    {
        var words = name.Split(' ');
        if (args.Length < words.Length) return false;
        for (var i = 0; i < words.Length; i++)
            if (!string.Equals(words[i], args[i], StringComparison.Ordinal)) return false;
        return true;
    }

    private static void PrintHelp(TextWriter stdout)
    {
        stdout.WriteLine("quality: quality-control analytics for data-labeling teams");
        stdout.WriteLine();
        stdout.WriteLine("Commands:");
        foreach (var c in Commands)
            stdout.WriteLine($"  {c.Name,-16} {c.Summary}");
        stdout.WriteLine();
        stdout.WriteLine("Run 'quality COMMAND --help' for a command's options.");
    }
}

/// <summary>One CLI verb.</summary>
public interface ICliCommand
{
    string Name { get; }
    string Summary { get; }
    string Usage { get; }
    int Run(CliArgs args, TextWriter stdout, TextWriter stderr);
}

/// <summary>A wrong command line: printed with the verb's usage, exit code 2.</summary>
public sealed class CliUsageException(string message) : Exception(message);
