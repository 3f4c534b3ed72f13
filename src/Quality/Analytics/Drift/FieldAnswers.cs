using Quality.Simulation;

namespace Quality.Analytics.Drift;

/// <summary>
/// The answers of one categorical field with the UTC time of each (<see cref="Ticks"/>[a] belongs to answer a of
/// <see cref="Ratings"/>) and the gold label code per item (−1: none): what drift detection reads.
/// </summary>
public sealed class FieldAnswers
{
    public FieldAnswers(string field, RatingSet ratings, long[] ticks, int[] goldByItem)
    {
        ArgumentNullException.ThrowIfNull(ratings);
        if (ticks.Length != ratings.Count) throw new ArgumentException("need one time per answer", nameof(ticks));
        if (goldByItem.Length != ratings.ItemCount) throw new ArgumentException("need one gold entry per item", nameof(goldByItem));
        Field = field;
        Ratings = ratings;
        Ticks = ticks;
        GoldByItem = goldByItem;
    }

    public string Field { get; }
    public RatingSet Ratings { get; }
    /// <summary>UTC ticks of each answer.</summary>
    public long[] Ticks { get; }
    public int[] GoldByItem { get; }

    /// <summary>
    /// Answer indices in time order; equal times are ordered by item then rater, so the order never depends on
    /// how the answers were stored.
    /// </summary>
    public int[] TimeOrder()
    {
        var order = new int[Ratings.Count];
        for (var a = 0; a < order.Length; a++) order[a] = a;
        var items = Ratings.Items;
        var raters = Ratings.Raters;
        var ticks = Ticks;
        Array.Sort(order, (x, y) =>
        {
            var c = ticks[x].CompareTo(ticks[y]);
            if (c == 0) c = items[x].CompareTo(items[y]);
            if (c == 0) c = raters[x].CompareTo(raters[y]);
            return c != 0 ? c : x.CompareTo(y);
        });
        return order;
    }

    /// <summary>
    /// A simulated project's choice field, straight from memory (no files): annotators keyed by e-mail, items by
    /// key, gold from the true answers of the gold items.
    /// </summary>
    public static FieldAnswers FromSimulation(SimulatedProject project, SimulatedField field)
    {
        ArgumentNullException.ThrowIfNull(project);
        var labelNames = field.Labels() ?? throw new ArgumentException($"{field.Key()} is a span field; drift detection needs a choice field", nameof(field));
        if (!project.Options.Fields.Contains(field)) throw new ArgumentException($"{field.Key()} is not simulated in this project", nameof(field));
        var items = new List<int>();
        var raters = new List<int>();
        var labels = new List<int>();
        var ticks = new List<long>();
        var gold = new int[project.ItemCount];
        foreach (var task in project.Tasks())
        {
            gold[task.Item.Index] = !task.Item.IsGold ? -1 : field == SimulatedField.Sentiment ? task.Item.Sentiment : task.Item.Quality;
            foreach (var a in task.Annotations)
            {
                items.Add(a.Item);
                raters.Add(a.Annotator);
                labels.Add(field == SimulatedField.Sentiment ? a.Sentiment!.Value : a.Quality!.Value);
                ticks.Add(a.CreatedAt.Ticks);
            }
        }
        var set = new RatingSet(items.ToArray(), raters.ToArray(), labels.ToArray(),
            Enumerable.Range(0, project.ItemCount).Select(SimulatedProject.ItemKey).ToArray(),
            project.Annotators.Select(a => a.Key).ToArray(), labelNames.ToArray(), field == SimulatedField.Quality);
        return new FieldAnswers(field.Key(), set, ticks.ToArray(), gold);
    }
}
