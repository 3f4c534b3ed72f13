using Quality.Ingestion;

namespace Quality.Cli.Commands;

/// <summary>`quality import FILE --project P`: imports an export file into a project, atomically.</summary>
internal sealed class ImportCommand : ICliCommand
{
    public string Name => "import";
    public string Summary => "Import a labeling export (format detected from the content) into a project";
    public string Usage => "FILE --project NAME [--format F] [--annotator A] [--gold [GOLD.csv]] [--db PATH] [--json]";

    public int Run(CliArgs args, TextWriter stdout, TextWriter stderr)
    {
        if (args.Positionals.Count != 1) throw new CliUsageException("name exactly one FILE to import");
        var project = args.Require("project");
        // --gold GOLD.csv names a separate gold file; a bare --gold marks FILE itself as the gold set.
        var goldValue = args.Get("gold");
        var request = new ImportRequest
        {
            Project = project,
            Format = args.Get("format"),
            Annotator = args.Get("annotator"),
            GoldFile = goldValue,
            AsGold = args.Has("gold") && goldValue is null,
            ImportedBy = Environment.UserName,
        };
        var json = args.Flag("json");
        var database = DataDir.Database(args);
        args.RejectUnknown();

        var service = new ImportService(database, ImporterCatalog.All);
        var summary = service.Import(args.Positionals[0], request);
        if (json) stdout.WriteLine(summary.ToJson());
        else
        {
            stdout.WriteLine(summary.AlreadyImported
                ? $"{summary.File} was already imported into '{summary.Project}' (import #{summary.ImportId}); nothing added."
                : $"Imported {summary.File} ({summary.Format}) into '{summary.Project}': {summary.Annotations} annotations " +
                  $"({summary.AnnotationsAdded} new, {summary.AnnotationsReplaced} replaced) on {summary.Items} items by {summary.Annotators} annotators; " +
                  $"{summary.GoldItems} gold items; {summary.Skipped} skipped.");
            foreach (var (reason, count) in summary.SkippedReasons) stdout.WriteLine($"  skipped {count}: {reason}");
        }
        return 0;
    }
}
