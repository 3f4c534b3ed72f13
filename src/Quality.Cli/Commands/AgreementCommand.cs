using Quality.Analytics;
using Quality.Analytics.Agreement;
using Quality.Analytics.Input;

namespace Quality.Cli.Commands;

/// <summary>`quality agreement`: every coefficient per field, from a long CSV (no database) or from a project.</summary>
internal sealed class AgreementCommand : ICliCommand
{
    public string Name => "agreement";
    public string Summary => "Agreement coefficients, consensus and per-annotator accuracy, per field";
    public string Usage => "(--input FILE.csv [--gold GOLD.csv] | --project NAME [--field F] [--from DATE] [--to DATE] [--db PATH]) [--consensus all|mv|none] [--bootstrap N] [--seed S] [--timings] [--json]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        var input = args.Get("input");
        var project = args.Get("project");
        if ((input is null) == (project is null)) throw new CliUsageException("give either --input FILE or --project NAME");
        var consensus = args.Get("consensus") ?? "all";
        if (consensus is not ("all" or "mv" or "none")) throw new CliUsageException("--consensus takes all, mv or none");
        var options = new AnalysisOptions
        {
            Agreement = AgreementOptions.Default with
            {
                BootstrapReplicates = args.GetInt("bootstrap", AgreementOptions.DefaultBootstrapReplicates),
                BootstrapSeed = (ulong)args.GetInt("seed", (int)AgreementOptions.DefaultBootstrapSeed),
                LowSampleThreshold = args.GetInt("low-sample", AgreementOptions.DefaultLowSampleThreshold),
            },
            MajorityVote = consensus != "none",
            DawidSkene = consensus == "all",
        };
        var json = args.Flag("json");
        var timings = args.Flag("timings");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var field = args.Get("field");
        var gold = args.Get("gold");
        var from = DateArg(args, "from");
        var to = DateArg(args, "to");
        var database = project is null ? null : DataDir.Database(args);
        args.RejectUnknown();

        IReadOnlyList<FieldRatings> data;
        if (input is not null)
        {
            data = LongCsvRatings.Read(input, gold);
            if (field is not null) data = data.Where(d => d.Field == field).ToList();
        }
        else
        {
            using var c = database!.Open();
            Storage.Migrator.Apply(c);
            var pid = ProjectRatings.ProjectId(c, project!) ?? throw new QualityException($"no project named '{project}'");
            data = ProjectRatings.Load(c, pid, field, new RatingFilter(from, to)).Select(p => p.Data).ToList();
        }
        if (data.Count == 0) throw new QualityException("no categorical field with ratings to analyse");
        var loaded = clock.Elapsed;

        var results = data.Select(d => FieldAnalyzer.Analyze(d, options)).ToList();
        if (timings)
            stderr.WriteLine(System.FormattableString.Invariant($"timings: load_s={loaded.TotalSeconds:F3} analyse_s={(clock.Elapsed - loaded).TotalSeconds:F3}"));
        if (json) stdout.WriteLine(AgreementJson.Write(results));
        else Print(results, stdout);
        return 0;
    }

    private static DateTime? DateArg(CliArgs args, string name)
    {
        var s = args.Get(name);
        if (s is null) return null;
        return Ingestion.Timestamps.TryParse(s, out var t) ? t : throw new CliUsageException($"--{name} takes a date such as 2026-09-07");
    }

    private static void Print(IReadOnlyList<FieldAnalysis> results, TextWriter o)
    {
        foreach (var f in results)
        {
            var a = f.Agreement;
            o.WriteLine($"{f.Field}: {a.Items} items, {a.Annotators} annotators, {a.Annotations} annotations, {a.PairableItems} with 2+ answers");
            o.WriteLine($"  percent agreement     {a.PercentAgreement}");
            o.WriteLine($"  Fleiss' kappa         {a.FleissKappa.Value}");
            o.WriteLine($"  Gwet's AC1            {a.GwetAc1.Value}");
            o.WriteLine($"  Krippendorff's alpha  nominal {a.Alpha.Nominal.Value}; ordinal {a.Alpha.Ordinal.Value}; interval {a.Alpha.Interval.Value}");
            o.WriteLine($"  mean pairwise kappa   {a.MeanPairwiseCohenKappa}");
            if (f.MajorityVote is { } mv) o.WriteLine($"  majority vote: {mv.TieCount} ties; accuracy vs gold {mv.AccuracyVsGold?.Value?.ToString("F4", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"}");
            if (f.DawidSkene is { } ds) o.WriteLine($"  Dawid–Skene: {ds.Iterations} iterations, converged {ds.Converged}; accuracy vs gold {f.DawidSkeneAccuracyVsGold?.Value?.ToString("F4", System.Globalization.CultureInfo.InvariantCulture) ?? "n/a"}");
        }
    }
}
