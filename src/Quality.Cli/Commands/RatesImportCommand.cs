using Quality.Costs;

namespace Quality.Cli.Commands;

/// <summary>`quality rates import FILE --project P`: sets annotators' pools and rates from a CSV.</summary>
internal sealed class RatesImportCommand : ICliCommand
{
    public string Name => "rates import";
    public string Summary => "Set annotators' pool, hourly rate, price per label and currency from annotator,pool,hourly_rate[,cost_per_label][,currency]";
    public string Usage => "FILE --project NAME [--db PATH] [--json]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positionals.Count != 1) throw new CliUsageException("name exactly one rates FILE");
        var project = args.Require("project");
        var json = args.Flag("json");
        var database = DataDir.Database(args);
        args.RejectUnknown();

        var rates = AnnotatorRatesImporter.Read(args.Positionals[0]);
        var count = AnnotatorRatesImporter.Apply(database, project, rates);
        if (json)
            stdout.WriteLine(System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object> { ["project"] = project, ["annotators"] = count }));
        else
            stdout.WriteLine($"Set the rates of {count} annotators in '{project}'.");
        return 0;
    }
}
