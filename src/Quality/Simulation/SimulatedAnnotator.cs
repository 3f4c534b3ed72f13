using Quality.Simulation.Behaviour;

namespace Quality.Simulation;

/// <summary>
/// One simulated annotator: who they are (account, pool, rate), how they work (workload, hours, speed,
/// gold exposure) and how they answer (per-field error models, which may change at a drift or shift date).
/// </summary>
public sealed class SimulatedAnnotator
{
    private readonly List<(DateTime From, ConfusionModel Model)>?[] _choice = new List<(DateTime, ConfusionModel)>?[3];
    private List<(DateTime From, SpanErrorModel Model)>? _spans;
    private readonly List<DriftRecord> _drift = [];
    private readonly List<ShiftRecord> _shifts = [];

    internal SimulatedAnnotator(int index, SimulatedAccount account, AnnotatorRole role, AnnotatorPool pool, double hourlyRate)
    {
        Index = index;
        Account = account;
        Role = role;
        Pool = pool;
        HourlyRate = hourlyRate;
    }

    public int Index { get; }
    public SimulatedAccount Account { get; }

    /// <summary>The annotator key in every output file: the e-mail address.</summary>
    public string Key => Account.Email;

    public AnnotatorRole Role { get; }
    public AnnotatorPool Pool { get; }

    /// <summary>USD per hour, to two decimals.</summary>
    public double HourlyRate { get; }

    /// <summary>Relative share of regular (non-gold) work this annotator is routed.</summary>
    public double Workload { get; internal set; }

    /// <summary>Share of the gold items this annotator is shown as honeypots.</summary>
    public double GoldCoverage { get; internal set; }

    /// <summary>Median seconds per task (for a text of average length, all fields on).</summary>
    public double LeadTimeMedianSeconds { get; internal set; }

    /// <summary>σ of log lead time: small for steady workers.</summary>
    public double LeadTimeSigma { get; internal set; }

    /// <summary>UTC minute of the day the annotator's 8–9 hour shift starts.</summary>
    public int ShiftStartMinute { get; internal set; }

    /// <summary>Share of the annotator's answers given on a weekend.</summary>
    public double WeekendShare { get; internal set; }

    /// <summary>First and last working day (inclusive) the annotator works on the project.</summary>
    public int FirstWorkday { get; internal set; }

    public int LastWorkday { get; internal set; }

    public IReadOnlyList<DriftRecord> Drift => _drift;
    public IReadOnlyList<ShiftRecord> Shifts => _shifts;

    /// <summary>The answer model of a choice field in force at <paramref name="at"/>; null if the field is not simulated.</summary>
    public ConfusionModel? Confusion(SimulatedField field, DateTime at) => Latest(_choice[(int)field], at);

    /// <summary>The span error model in force at <paramref name="at"/>; null if entities are not simulated.</summary>
    public SpanErrorModel? SpanErrors(DateTime at) => Latest(_spans, at);

    /// <summary>Expected accuracy on <paramref name="field"/> before any drift or shift (null if not simulated).</summary>
    public double? Accuracy(SimulatedField field) => field == SimulatedField.Entities
        ? _spans?[0].Model.Accuracy
        : _choice[(int)field]?[0].Model.ExpectedAccuracy(field.Prior()!);

    internal void SetChoice(SimulatedField field, ConfusionModel model) => _choice[(int)field] = [(DateTime.MinValue, model)];

    internal void SetSpans(SpanErrorModel model) => _spans = [(DateTime.MinValue, model)];

    /// <summary>Forgets a field the project does not label.</summary>
    internal void Clear(SimulatedField field)
    {
        if (field == SimulatedField.Entities) _spans = null;
        else _choice[(int)field] = null;
    }

    internal void AddDrift(SimulatedField field, DateTime start, double drop)
    {
        double before, after;
        if (field == SimulatedField.Entities)
        {
            var baseline = _spans![0].Model;
            var drifted = baseline.AtAccuracy(baseline.Accuracy - drop);
            _spans.Add((start, drifted));
            (before, after) = (baseline.Accuracy, drifted.Accuracy);
        }
        else
        {
            var prior = field.Prior()!;
            var baseline = _choice[(int)field]![0].Model;
            var drifted = ChoiceStyles[(int)field]!.AtAccuracy(baseline.ExpectedAccuracy(prior) - drop);
            _choice[(int)field]!.Add((start, drifted));
            (before, after) = (baseline.ExpectedAccuracy(prior), drifted.ExpectedAccuracy(prior));
        }
        _drift.Add(new DriftRecord(field, start, before, after));
    }

    internal void AddShift(DateTime start, string label, double redirect, double leak)
    {
        const SimulatedField field = SimulatedField.Sentiment;
        var prior = field.Prior()!;
        var code = SimulatedFields.SentimentLabels.ToList().IndexOf(label);
        var baseline = _choice[(int)field]![0].Model;
        var shifted = baseline.LeaningTowards(code, redirect, leak);
        _choice[(int)field]!.Add((start, shifted));
        _shifts.Add(new ShiftRecord(field, start, label,
            baseline.ExpectedShare(prior, code), shifted.ExpectedShare(prior, code),
            baseline.ExpectedAccuracy(prior), shifted.ExpectedAccuracy(prior)));
    }

    /// <summary>The error shapes behind the choice models, kept so a drift changes only the error rate.</summary>
    internal ChoiceStyle?[] ChoiceStyles { get; } = new ChoiceStyle?[3];

    private static T? Latest<T>(List<(DateTime From, T Model)>? phases, DateTime at) where T : class
    {
        if (phases is null) return null;
        var model = phases[0].Model;
        foreach (var (from, m) in phases)
            if (from <= at) model = m;
        return model;
    }
}
