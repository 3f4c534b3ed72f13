using System.Globalization;
using Quality.Reports.Audit;

namespace Quality.Cli.Commands;

/// <summary>`quality report --project P -o FILE.pdf`: renders a project's audit report, stores it and writes the PDF.</summary>
internal sealed class ReportCommand : ICliCommand
{
    public string Name => "report";
    public string Summary => "Write a project's PDF audit report (and keep it in the reports table)";
    public string Usage => "--project NAME -o FILE.pdf [--from DATE] [--to DATE] [--client NAME] [--model-json FILE] [--now ISO-TIME] [--no-store] [--db PATH]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var project = args.Require("project");
        var output = args.Get("out") ?? throw new CliUsageException("-o FILE.pdf is required");
        var from = Day(args, "from");
        var to = Day(args, "to");
        var client = args.Get("client");
        var modelJson = args.Get("model-json");
        var now = args.Get("now");
        var store = !args.Flag("no-store");
        var database = DataDir.Database(args);
        args.RejectUnknown();
        if (!File.Exists(database.Path)) throw new QualityException($"no database at {database.Path}; import a project first");
        database.Migrate();

        // --now fixes the generation time, so a report can be made again byte for byte (docs/sample-report.pdf).
        TimeProvider clock = TimeProvider.System;
        if (now is not null)
        {
            if (!DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var fixedNow))
                throw new CliUsageException("--now takes a time such as 2026-11-02T08:00:00Z");
            clock = new FixedClock(fixedNow);
        }
        RenderedReport report;
        long? id = null;
        if (store)
        {
            var (reportId, rendered) = AuditReports.Generate(database, project, from, to, client, clock);
            id = reportId;
            report = rendered;
        }
        else report = AuditReports.Render(database, project, from, to, client, clock);

        File.WriteAllBytes(output, report.Pdf);
        if (modelJson is not null) File.WriteAllText(modelJson, ReportFingerprint.CanonicalJson(report.Model), new System.Text.UTF8Encoding(false));
        stdout.WriteLine($"Wrote {output} ({report.Pdf.Length.ToString("N0", CultureInfo.InvariantCulture)} bytes): {report.Model.Project}, period {report.Model.Period} (to exclusive)");
        stdout.WriteLine($"fingerprint sha256:{report.Fingerprint}");
        if (id is { } stored) stdout.WriteLine($"stored as report #{stored.ToString(CultureInfo.InvariantCulture)}");
        return 0;
    }

    internal static DateOnly? Day(CliArgs args, string name)
    {
        var s = args.Get(name);
        if (s is null) return null;
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d : throw new CliUsageException($"--{name} takes a date such as 2026-09-07");
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

/// <summary>`quality report verify FILE.pdf --project P`: does the report still match the data? Exit 0 match, 1 mismatch.</summary>
internal sealed class ReportVerifyCommand : ICliCommand
{
    public string Name => "report verify";
    public string Summary => "Check a report's fingerprint against the data it was made from (exit 0 match, 1 mismatch)";
    public string Usage => "FILE.pdf --project NAME [--db PATH]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var project = args.Require("project");
        if (args.Positionals.Count != 1) throw new CliUsageException("give one PDF file");
        var file = args.Positionals[0];
        var database = DataDir.Database(args);
        args.RejectUnknown();
        if (!File.Exists(file)) throw new QualityException($"no file {file}");
        if (!File.Exists(database.Path)) throw new QualityException($"no database at {database.Path}");
        database.Migrate();

        var result = AuditReports.Verify(database, File.ReadAllBytes(file), project);
        var s = result.Stamp;
        stdout.WriteLine($"report:      {file}");
        stdout.WriteLine($"period:      {s.Period} (to exclusive)" + (s.Client is null ? "" : $", client {s.Client}"));
        stdout.WriteLine($"in the PDF:  sha256:{s.Fingerprint}");
        stdout.WriteLine($"recomputed:  sha256:{result.Recomputed} (Quality {result.QualityVersion}, project '{project}')");
        if (result.Match)
        {
            stdout.WriteLine("match: the report was made from the data as it is now.");
            return 0;
        }
        stdout.WriteLine("MISMATCH: the data, settings or period behind this report differ from what the database gives now" +
                         " (a later import, a changed setting or acknowledgement, another project, or another Quality version).");
        if (result.ChangedSections.Count > 0)
            stdout.WriteLine("changed since the report was stored: " + string.Join(", ", result.ChangedSections));
        return 1;
    }
}
