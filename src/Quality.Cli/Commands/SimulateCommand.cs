using System.Globalization;
using Quality.Simulation;
using Quality.Simulation.Output;

namespace Quality.Cli.Commands;

/// <summary>`quality simulate`: writes a deterministic simulated labeling project (LS JSON, CSVs, truth).</summary>
public sealed class SimulateCommand : ICliCommand
{
    public string Name => "simulate";

    public string Summary => "Write a simulated labeling project with known truth (same seed, same bytes)";

    public string Usage =>
        "--out DIR [--seed N] [--items N] [--annotators N] [--per-item X] [--gold-share X] [--gold-coverage MIN[,MAX]] " +
        "[--weeks N] [--start YYYY-MM-DD] [--drift-annotators N] [--drift-drop X] [--drift-start DATE] [--drift-field F] " +
        "[--shift-annotators N] [--shift-start DATE] [--shift-label L] [--shift-leak X] [--fields F,F] [--formats labelstudio,csv]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var defaults = new SimulationOptions();
        var outDir = args.Require("out");
        var seedText = args.Get("seed");
        var seed = defaults.Seed;
        if (seedText is not null && !long.TryParse(seedText, NumberStyles.Integer, CultureInfo.InvariantCulture, out seed))
            throw new CliUsageException($"--seed takes a whole number, not '{seedText}'");
        var (coverageMin, coverageMax) = Coverage(args.Get("gold-coverage"), defaults);
        var options = defaults with
        {
            Seed = seed,
            Items = args.GetInt("items", defaults.Items),
            Annotators = args.GetInt("annotators", defaults.Annotators),
            AnnotatorsPerItem = args.GetDouble("per-item", defaults.AnnotatorsPerItem),
            GoldShare = args.GetDouble("gold-share", defaults.GoldShare),
            GoldCoverageMin = coverageMin,
            GoldCoverageMax = coverageMax,
            Weeks = args.GetInt("weeks", defaults.Weeks),
            Start = Date(args.Get("start"), "start") ?? defaults.Start,
            DriftAnnotators = args.GetInt("drift-annotators", defaults.DriftAnnotators),
            DriftDrop = args.GetDouble("drift-drop", defaults.DriftDrop),
            DriftStart = Date(args.Get("drift-start"), "drift-start"),
            DriftField = Field(args.Get("drift-field")) ?? defaults.DriftField,
            ShiftAnnotators = args.GetInt("shift-annotators", defaults.ShiftAnnotators),
            ShiftStart = Date(args.Get("shift-start"), "shift-start"),
            ShiftLabel = args.Get("shift-label") ?? defaults.ShiftLabel,
            ShiftLeak = args.GetDouble("shift-leak", defaults.ShiftLeak),
            Fields = args.Get("fields") is { } f ? f.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(ParseField).ToList() : defaults.Fields,
        };
        var formats = Formats(args.Get("formats"));
        args.RejectUnknown();

        SimulatedProject project;
        try
        {
            project = Simulator.Generate(options);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }
        SimulationSummary summary;
        try
        {
            summary = SimulationWriter.Write(project, outDir, formats);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new QualityException($"{outDir}: cannot write the simulated project: {ex.Message}", ex);
        }

        stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"simulated seed {options.Seed}: {summary.Items} items ({summary.GoldItems} gold), {project.Annotators.Count} annotators, {summary.Annotations} annotator answers"));
        foreach (var a in project.Annotators)
        {
            foreach (var d in a.Drift)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  drift: {a.Key} {d.Field.Key()} accuracy {d.AccuracyBefore:0.###} -> {d.AccuracyAfter:0.###} from {OutputFormat.Instant(d.Start)}"));
            foreach (var s in a.Shifts)
                stdout.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  shift: {a.Key} {s.Field.Key()} share of {s.Label} {s.ShareBefore:0.###} -> {s.ShareAfter:0.###} from {OutputFormat.Instant(s.Start)}"));
        }
        foreach (var (file, bytes) in summary.Files)
            stdout.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  wrote {Path.Combine(outDir, file)} ({bytes} bytes)"));
        return 0;
    }

    private static (double Min, double Max) Coverage(string? text, SimulationOptions defaults)
    {
        if (text is null) return (defaults.GoldCoverageMin, defaults.GoldCoverageMax);
        var parts = text.Split(',');
        if (parts.Length > 2 || !parts.All(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            throw new CliUsageException($"--gold-coverage takes MIN or MIN,MAX (shares in [0,1]), not '{text}'");
        var min = double.Parse(parts[0], CultureInfo.InvariantCulture);
        return (min, parts.Length == 2 ? double.Parse(parts[1], CultureInfo.InvariantCulture) : min);
    }

    private static DateTime? Date(string? text, string option)
    {
        if (text is null) return null;
        string[] formats = ["yyyy-MM-dd", "yyyy-MM-dd'T'HH:mm:ss'Z'", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'"];
        return DateTime.TryParseExact(text, formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var d)
            ? d
            : throw new CliUsageException($"--{option} takes a UTC date like 2026-09-07 or 2026-10-05T00:00:00Z, not '{text}'");
    }

    private static SimulatedField? Field(string? text) => text is null ? null : ParseField(text);

    private static SimulatedField ParseField(string text)
    {
        try
        {
            return SimulatedFields.Parse(text);
        }
        catch (ArgumentException ex)
        {
            throw new CliUsageException(ex.Message);
        }
    }

    private static SimulationFormats Formats(string? text)
    {
        if (text is null) return SimulationFormats.All;
        var formats = (SimulationFormats)0;
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            formats |= part.ToLowerInvariant() switch
            {
                "labelstudio" or "ls" => SimulationFormats.LabelStudio,
                "csv" => SimulationFormats.Csv,
                "all" => SimulationFormats.All,
                _ => throw new CliUsageException($"--formats takes labelstudio, csv or all, not '{part}'"),
            };
        return formats == 0 ? throw new CliUsageException("--formats needs at least one format") : formats;
    }
}
