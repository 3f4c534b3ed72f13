using System.Globalization;
using Quality.Costs;

namespace Quality.Cli.Commands;

/// <summary>`quality cost --project P`: cost against quality per annotator and pool, the frontier and the redundancy curve.</summary>
internal sealed class CostCommand : ICliCommand
{
    public string Name => "cost";
    public string Summary => "What quality costs: cost per correct label, the Pareto frontier, pools, the redundancy curve";
    public string Usage => "--project NAME [--field F] [--target X] [--db PATH] [--json]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var project = args.Require("project");
        var field = args.Get("field");
        double? target = args.Get("target") is null ? null : args.GetDouble("target", 0);
        if (target is { } t && !(t > 0 && t <= 1)) throw new CliUsageException("--target takes an accuracy in (0, 1]");
        var json = args.Flag("json");
        var database = DataDir.Database(args);
        args.RejectUnknown();
        database.Migrate();

        var report = CostReport.Build(database, project, field, target);
        if (json)
        {
            stdout.WriteLine(CostJson.Write(report));
            return 0;
        }
        stdout.WriteLine($"Project '{report.Project}': lead-time cap {report.Costs.CapRule}" +
                         (report.Costs.LeadTimeCapSeconds is { } cap ? F($" = {cap:0.#} s") : ""));
        foreach (var f in report.Fields)
        {
            stdout.WriteLine();
            stdout.WriteLine($"Field {f.Field}");
            WriteTable(stdout, f.Table);
            stdout.WriteLine("  redundancy (k: majority vote / Dawid-Skene accuracy, cost per item):");
            foreach (var p in f.Redundancy.Points)
                stdout.WriteLine(F($"    k={p.K,2} items={p.Items,5}  MV {p.MajorityVote.Mean:0.000} [{p.MajorityVote.Lower:0.000}, {p.MajorityVote.Upper:0.000}]  ") +
                    (p.DawidSkene is { } d ? F($"DS {d.Mean:0.000} [{d.Lower:0.000}, {d.Upper:0.000}]  ") : "") + Money(p.CostPerItem));
            var mv = f.Redundancy.MajorityVote;
            stdout.WriteLine(F($"  recommended k for {f.Redundancy.TargetAccuracy}: majority vote {mv.K?.ToString(CultureInfo.InvariantCulture) ?? "none"}") +
                (f.Redundancy.DawidSkene is { } ds ? $", Dawid-Skene {ds.K?.ToString(CultureInfo.InvariantCulture) ?? "none"}" : "") +
                (mv.Reason is { } why ? $" ({why})" : ""));
        }
        if (report.Overall is { } overall)
        {
            stdout.WriteLine();
            stdout.WriteLine("All fields");
            WriteTable(stdout, overall);
        }
        return 0;
    }

    private static void WriteTable(TextWriter stdout, CostQualityTable table)
    {
        stdout.WriteLine("  annotator                          pool        answers   cost/ans   accuracy  source      cost/correct  frontier");
        foreach (var a in table.Annotators)
            stdout.WriteLine(F($"  {a.Annotator,-34} {a.Pool ?? "-",-10} {a.Annotations,8} {Money(a.CostPerAnnotation),10} {Num(a.Quality),10}  {a.Source,-10} {Money(a.CostPerCorrectLabel),12}  {(a.OnFrontier is { } on ? on ? "yes" : "no" : "-")}"));
        stdout.WriteLine("  pool        answers        cost   cost/ans   accuracy [95% CI]        cost/correct");
        foreach (var p in table.Pools)
            stdout.WriteLine(F($"  {p.Pool,-10} {p.Annotations,8} {Money(p.Cost),11} {Money(p.CostPerAnnotation),10}   {Num(p.Accuracy.Estimate)} [{Num(p.Accuracy.Lower)}, {Num(p.Accuracy.Upper)}]  {Money(p.CostPerCorrectLabel),12}"));
    }

    private static string Money(double? v) => v is { } x ? x.ToString("0.0000", CultureInfo.InvariantCulture) : "-";
    private static string Num(double? v) => v is { } x ? x.ToString("0.000", CultureInfo.InvariantCulture) : "-";
    private static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
