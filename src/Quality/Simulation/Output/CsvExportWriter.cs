namespace Quality.Simulation.Output;

/// <summary>
/// The three long-format CSV files: annotations.csv (one row per annotator answer per field), gold.csv
/// (one row per gold item per field) and annotators.csv. Rows are written as tasks stream past.
/// </summary>
public sealed class CsvExportWriter
{
    private readonly TextWriter _annotations;
    private readonly TextWriter _gold;
    private readonly SimulatedProject _project;

    public CsvExportWriter(TextWriter annotations, TextWriter gold, SimulatedProject project)
    {
        _annotations = annotations;
        _gold = gold;
        _project = project;
        annotations.Write("item,field,annotator,label,created_at,lead_time_s\n");
        gold.Write("item,field,gold\n");
    }

    public long AnnotationRows { get; private set; }

    public long GoldRows { get; private set; }

    public void WriteTask(SimulatedTask task)
    {
        var item = task.Item;
        foreach (var a in task.Annotations)
        {
            var annotator = _project.Annotators[a.Annotator].Key;
            var createdAt = OutputFormat.Timestamp(a.CreatedAt);
            var lead = OutputFormat.Seconds(a.LeadTimeMs);
            foreach (var field in _project.Options.Fields)
            {
                OutputFormat.CsvField(_annotations, item.Key, first: true);
                OutputFormat.CsvField(_annotations, field.Key());
                OutputFormat.CsvField(_annotations, annotator);
                OutputFormat.CsvField(_annotations, Label(field, a.Sentiment, a.Quality, a.Entities));
                OutputFormat.CsvField(_annotations, createdAt);
                OutputFormat.CsvField(_annotations, lead);
                _annotations.Write('\n');
                AnnotationRows++;
            }
        }
        if (!item.IsGold) return;
        foreach (var field in _project.Options.Fields)
        {
            OutputFormat.CsvField(_gold, item.Key, first: true);
            OutputFormat.CsvField(_gold, field.Key());
            OutputFormat.CsvField(_gold, Label(field, item.Sentiment, item.Quality, item.Entities));
            _gold.Write('\n');
            GoldRows++;
        }
    }

    /// <summary>annotators.csv: key, pool and hourly rate in USD.</summary>
    public static void WriteAnnotators(TextWriter w, SimulatedProject project)
    {
        w.Write("annotator,pool,hourly_rate\n");
        foreach (var a in project.Annotators)
        {
            OutputFormat.CsvField(w, a.Key, first: true);
            OutputFormat.CsvField(w, a.Pool.Key());
            OutputFormat.CsvField(w, OutputFormat.Money(a.HourlyRate));
            w.Write('\n');
        }
    }

    /// <summary>A field's answer as the CSV spells it: the class name, the rating, or the spans as JSON.</summary>
    public static string Label(SimulatedField field, int? sentiment, int? quality, IReadOnlyList<EntitySpan>? entities) => field switch
    {
        SimulatedField.Sentiment => SimulatedFields.SentimentLabels[sentiment!.Value],
        SimulatedField.Quality => SimulatedFields.QualityLabels[quality!.Value],
        _ => OutputFormat.Spans(entities!),
    };
}
