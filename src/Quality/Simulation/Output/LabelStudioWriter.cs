using Quality.Simulation.Randomness;
using Quality.Simulation.Text;

namespace Quality.Simulation.Output;

/// <summary>
/// Writes the project as a Label Studio JSON export: a list of tasks, one per line, no indentation.
/// Shapes follow real LS exports (Enterprise-style <c>completed_by</c> object, <c>choices</c>, <c>rating</c>
/// and <c>labels</c> results with 10-character region ids, microsecond timestamps); gold answers are one
/// extra <c>ground_truth</c> annotation per gold task by the reviewer account.
/// </summary>
public sealed class LabelStudioWriter(TextWriter writer, SimulatedProject project)
{
    private const int ProjectId = 1;
    private const string RegionIdAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_-";
    private long _nextAnnotationId = 1;
    private bool _started;

    /// <summary>Annotations written so far, the reviewer's gold annotations included.</summary>
    public long AnnotationCount => _nextAnnotationId - 1;

    public void WriteTask(SimulatedTask task)
    {
        writer.Write(_started ? ",\n" : "[\n");
        _started = true;
        var item = task.Item;
        var taskId = item.Index + 1;
        var json = new JsonOut(writer);
        json.StartObject().Property("id", taskId).Name("annotations").StartArray();

        var text = new ItemText(item.Text);
        var updatedAt = project.TaskCreatedAt(item.Index);
        var updatedBy = project.Reviewer.UserId;
        if (item.IsGold)
        {
            var (at, lead) = project.GoldAnswer(item.Index);
            WriteAnnotation(json, taskId, project.Reviewer, at, at.AddTicks(170), lead, true,
                item.Sentiment, item.Quality, item.Entities, item, text, -1);
            updatedAt = at.AddTicks(170);
        }
        foreach (var a in task.Annotations)
        {
            var annotator = project.Annotators[a.Annotator];
            WriteAnnotation(json, taskId, annotator.Account, a.CreatedAt, a.UpdatedAt, a.LeadTimeMs, false,
                a.Sentiment, a.Quality, a.Entities, item, text, a.Annotator);
            if (a.UpdatedAt > updatedAt) (updatedAt, updatedBy) = (a.UpdatedAt, annotator.Account.UserId);
        }
        var total = task.Annotations.Count + (item.IsGold ? 1 : 0);

        // Task keys of the oldest export shape (LS 1.x per-task files), plus the counters importers use.
        json.EndArray()
            .Name("predictions").StartArray().EndArray()
            .Name("data").StartObject().Property("item", item.Key).Property("text", item.Text).EndObject()
            .Name("meta").StartObject().EndObject()
            .Property("created_at", OutputFormat.Timestamp(project.TaskCreatedAt(item.Index)))
            .Property("updated_at", OutputFormat.Timestamp(updatedAt.AddTicks(880)))
            .Property("total_annotations", total)
            .Property("project", ProjectId)
            .Property("updated_by", updatedBy)
            .EndObject();
    }

    /// <summary>Closes the list; an empty project is written as [].</summary>
    public void Finish() => writer.Write(_started ? "\n]\n" : "[]\n");

    private void WriteAnnotation(JsonOut json, int taskId, SimulatedAccount by, DateTime createdAt, DateTime updatedAt,
        int leadTimeMs, bool groundTruth, int? sentiment, int? quality, IReadOnlyList<EntitySpan>? entities,
        SimulatedItem item, ItemText text, int annotatorIndex)
    {
        var ids = Xoshiro256.For((ulong)project.Options.Seed, StreamPurpose.RegionIds, item.Index, annotatorIndex);
        json.StartObject()
            .Property("id", _nextAnnotationId++)
            .Name("completed_by").StartObject()
            .Property("id", by.UserId).Property("email", by.Email).Property("first_name", by.FirstName).Property("last_name", by.LastName)
            .EndObject()
            .Name("result").StartArray();
        foreach (var field in project.Options.Fields)
        {
            switch (field)
            {
                case SimulatedField.Sentiment when sentiment is { } s:
                    StartResult(json);
                    json.Name("choices").StartArray().String(SimulatedFields.SentimentLabels[s]).EndArray();
                    EndResult(json, field, "choices", ref ids);
                    break;
                case SimulatedField.Quality when quality is { } q:
                    StartResult(json);
                    json.Property("rating", q + 1);
                    EndResult(json, field, "rating", ref ids);
                    break;
                case SimulatedField.Entities when entities is not null:
                    foreach (var span in entities)
                    {
                        StartResult(json);
                        json.Property("start", span.Start).Property("end", span.End)
                            .Property("text", text.Slice(span.Start, span.End))
                            .Name("labels").StartArray().String(span.Label).EndArray();
                        EndResult(json, field, "labels", ref ids);
                    }
                    break;
            }
        }
        json.EndArray()
            .Property("was_cancelled", false)
            .Property("ground_truth", groundTruth)
            .Property("created_at", OutputFormat.Timestamp(createdAt))
            .Property("updated_at", OutputFormat.Timestamp(updatedAt))
            .Name("lead_time").RawNumber(OutputFormat.Seconds(leadTimeMs))
            .Property("task", taskId)
            .EndObject();
    }

    private static void StartResult(JsonOut json) => json.StartObject().Name("value").StartObject();

    private static void EndResult(JsonOut json, SimulatedField field, string type, ref Xoshiro256 ids)
    {
        Span<char> id = stackalloc char[10];
        for (var i = 0; i < id.Length; i++) id[i] = RegionIdAlphabet[ids.NextInt(RegionIdAlphabet.Length)];
        json.EndObject()
            .Property("id", new string(id))
            .Property("from_name", field.Key())
            .Property("to_name", "text")
            .Property("type", type)
            .Property("origin", "manual")
            .EndObject();
    }
}
