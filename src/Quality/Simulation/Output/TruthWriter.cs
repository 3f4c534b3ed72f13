namespace Quality.Simulation.Output;

/// <summary>
/// truth.json: what the simulation put in, for checking what the analytics get out: per annotator the
/// expected accuracy per field (before any change), the drift and shift records, role, pool, speed,
/// and the error models themselves.
/// </summary>
public static class TruthWriter
{
    public static void Write(TextWriter w, SimulatedProject project)
    {
        var o = project.Options;
        var json = new JsonOut(w, indented: true);
        json.StartObject()
            .Property("seed", o.Seed)
            .Property("start", OutputFormat.Instant(o.Start))
            .Property("end", OutputFormat.Instant(o.End))
            .Property("items", o.Items)
            .Property("gold_items", project.GoldItems.Count)
            .Name("fields").StartArray(inline: true);
        foreach (var f in o.Fields) json.String(f.Key());
        json.EndArray();

        json.Name("true_label_distribution").StartObject();
        foreach (var f in o.Fields)
        {
            if (f.Labels() is not { } labels) continue;
            json.Name(f.Key()).StartObject(inline: true);
            for (var k = 0; k < labels.Count; k++) json.Name(labels[k]).RawNumber(OutputFormat.Probability(f.Prior()![k]));
            json.EndObject();
        }
        json.EndObject();
        json.Name("reviewer").StartObject(inline: true).Property("annotator", project.Reviewer.Email).Property("user_id", project.Reviewer.UserId).EndObject();

        json.Name("annotators").StartArray();
        foreach (var a in project.Annotators) WriteAnnotator(json, project, a);
        json.EndArray().EndObject();
        w.Write('\n');
    }

    private static void WriteAnnotator(JsonOut json, SimulatedProject project, SimulatedAnnotator a)
    {
        var o = project.Options;
        var cal = project.Calendar;
        json.StartObject()
            .Property("annotator", a.Key)
            .Property("name", a.Account.FirstName + " " + a.Account.LastName)
            .Property("user_id", a.Account.UserId)
            .Property("role", a.Role.Key())
            .Property("pool", a.Pool.Key())
            .Name("hourly_rate").RawNumber(OutputFormat.Money(a.HourlyRate));

        json.Name("accuracy").StartObject(inline: true);
        foreach (var f in o.Fields) json.Name(f.Key()).RawNumber(OutputFormat.Probability(a.Accuracy(f)!.Value));
        json.EndObject();

        json.Name("drift").StartArray();
        foreach (var d in a.Drift)
            json.StartObject(inline: true)
                .Property("field", d.Field.Key())
                .Property("start", OutputFormat.Instant(d.Start))
                .Name("accuracy_before").RawNumber(OutputFormat.Probability(d.AccuracyBefore))
                .Name("accuracy_after").RawNumber(OutputFormat.Probability(d.AccuracyAfter))
                .EndObject();
        json.EndArray();

        json.Name("distribution_shift").StartArray();
        foreach (var s in a.Shifts)
            json.StartObject(inline: true)
                .Property("field", s.Field.Key())
                .Property("start", OutputFormat.Instant(s.Start))
                .Property("label", s.Label)
                .Name("label_share_before").RawNumber(OutputFormat.Probability(s.ShareBefore))
                .Name("label_share_after").RawNumber(OutputFormat.Probability(s.ShareAfter))
                .Name("accuracy_before").RawNumber(OutputFormat.Probability(s.AccuracyBefore))
                .Name("accuracy_after").RawNumber(OutputFormat.Probability(s.AccuracyAfter))
                .EndObject();
        json.EndArray();

        json.Property("active_from", OutputFormat.Instant(cal.Workday(a.FirstWorkday)))
            .Property("active_until", OutputFormat.Instant(cal.Workday(a.LastWorkday).AddDays(1)))
            .Name("workload_weight").RawNumber(OutputFormat.Probability(a.Workload))
            .Name("gold_coverage").RawNumber(OutputFormat.Probability(a.GoldCoverage))
            .Name("lead_time_median_s").RawNumber(OutputFormat.Money(a.LeadTimeMedianSeconds))
            .Name("lead_time_sigma").RawNumber(OutputFormat.Probability(a.LeadTimeSigma))
            .Name("weekend_share").RawNumber(OutputFormat.Probability(a.WeekendShare));

        // Baseline answer models, rows = true label, columns = answer given, in label order.
        foreach (var f in o.Fields)
        {
            if (f == SimulatedField.Entities)
            {
                var e = a.SpanErrors(DateTime.MinValue)!;
                json.Name("entities_errors").StartObject(inline: true)
                    .Name("miss").RawNumber(OutputFormat.Probability(e.Miss))
                    .Name("boundary").RawNumber(OutputFormat.Probability(e.Boundary))
                    .Name("mislabel").RawNumber(OutputFormat.Probability(e.Mislabel))
                    .Name("spurious_per_item").RawNumber(OutputFormat.Probability(e.Spurious))
                    .EndObject();
                continue;
            }
            var m = a.Confusion(f, DateTime.MinValue)!;
            json.Name(f.Key() + "_confusion").StartArray();
            for (var t = 0; t < m.LabelCount; t++)
            {
                json.StartArray(inline: true);
                for (var j = 0; j < m.LabelCount; j++) json.RawNumber(OutputFormat.Probability(m[t, j]));
                json.EndArray();
            }
            json.EndArray();
        }
        json.EndObject();
    }
}
