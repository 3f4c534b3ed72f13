using Quality.Analytics.Agreement;

namespace Quality.Analytics.Drift;

/// <summary>One annotator's label distribution in one ISO week against the rest of the team in that week.</summary>
/// <param name="Counts">The annotator's answers per label code.</param>
/// <param name="TeamCounts">Everyone else's answers per label code in the same week.</param>
/// <param name="AdjustedPValue">Holm-adjusted across the annotators tested that week; null when the test is undefined.</param>
public sealed record WeeklyDistribution(DateTime WeekStart, long[] Counts, long[] TeamCounts, double? JensenShannon,
    double? PopulationStability, ChiSquareTest? Test, double? AdjustedPValue);

/// <summary>
/// The label-distribution change test of one annotator. <paramref name="SelfPValue"/>: permutation p-value of the
/// largest before/after chi-square of the annotator's own answers over the candidate weeks. At the chosen week
/// <paramref name="ChangeWeek"/> (the candidate where the annotator, after it, differs most from the team while
/// differing more than before it): <paramref name="TeamAfter"/> compares her answers from that week on with the
/// rest of the team's answers in the same period, <paramref name="TeamPValue"/> is its p-value Bonferroni-corrected
/// for the number of candidate weeks, and <paramref name="AdjustedTeamPValue"/> that value Holm-adjusted across the
/// annotators. <paramref name="Label"/> is the label whose share changed most.
/// </summary>
public sealed record DistributionChange(
    int CandidateWeeks, double SelfStatistic, double SelfPValue, DateTime? ChangeWeek, int? ChangeIndex,
    long[]? CountsBefore, long[]? CountsAfter, long[]? TeamCountsBefore, long[]? TeamCountsAfter,
    double? JensenShannonBefore, double? JensenShannonAfter, double? PopulationStabilityAfter, double? SelfChangeJensenShannon,
    ChiSquareTest? TeamAfter, double TeamPValue, double AdjustedTeamPValue, int? Label, bool Flagged);

/// <summary>The label-distribution view of one annotator: the weekly series and the change test.</summary>
public sealed record LabelDistributionResult(int Answers, IReadOnlyList<WeeklyDistribution> Weekly, DistributionChange? Change, string? Reason);

/// <summary>
/// Label-distribution drift of each annotator against the rest of the team. Weekly: Jensen–Shannon divergence,
/// PSI and a chi-square test of homogeneity against the others in the same ISO week, Holm-adjusted across the
/// annotators of that week (descriptive). Flagging is an intersection–union test over whole periods, because a
/// week rarely holds enough answers: an annotator is flagged when (1) her own distribution changed — the
/// permutation test of the largest before/after chi-square over candidate change weeks, p &lt; α — and (2) from the
/// change week on she differs from the rest of the team — chi-square p-value × candidate weeks (Bonferroni), then
/// Holm across annotators, &lt; α — at a week where her divergence from the team grew. (1) keeps a steadily
/// different annotator (a spammer, a strict rater) from being called drift; (2) keeps a change the whole team shared
/// (a new batch of items) from being blamed on one person.
/// </summary>
public static class LabelDistributionDrift
{
    /// <param name="raters">Rater code per answer, answers in time order.</param>
    /// <param name="labels">Label code per answer.</param>
    /// <param name="ticks">UTC ticks per answer, ascending.</param>
    public static LabelDistributionResult[] Analyze(ReadOnlySpan<int> raters, ReadOnlySpan<int> labels, ReadOnlySpan<long> ticks,
        int raterCount, int labelCount, DriftSettings settings, ulong seed, CancellationToken cancellationToken = default)
    {
        if (raters.Length != labels.Length || raters.Length != ticks.Length) throw new ArgumentException("raters, labels and ticks need one entry per answer");
        var n = raters.Length;
        // Weeks, in order; each answer's week index.
        var weekOf = new int[n];
        var weeks = new List<DateTime>();
        for (var a = 0; a < n; a++)
        {
            var week = AccuracySeries.WeekStart(new DateTime(ticks[a], DateTimeKind.Utc));
            if (weeks.Count == 0 || weeks[^1] != week)
            {
                if (weeks.Count > 0 && week < weeks[^1]) throw new ArgumentException("answers must be in time order");
                weeks.Add(week);
            }
            weekOf[a] = weeks.Count - 1;
        }
        var w = weeks.Count;
        // counts[rater][week][label] and the team's total per week.
        var counts = new long[raterCount][][];
        for (var r = 0; r < raterCount; r++)
        {
            counts[r] = new long[w][];
            for (var k = 0; k < w; k++) counts[r][k] = new long[labelCount];
        }
        var team = new long[w][];
        for (var k = 0; k < w; k++) team[k] = new long[labelCount];
        var answers = new int[raterCount];
        for (var a = 0; a < n; a++)
        {
            counts[raters[a]][weekOf[a]][labels[a]]++;
            team[weekOf[a]][labels[a]]++;
            answers[raters[a]]++;
        }

        // Each annotator's own answers in time order (labels and week indices), gathered in one pass.
        var ownLabels = new List<int>[raterCount];
        var ownWeeks = new List<int>[raterCount];
        for (var r = 0; r < raterCount; r++) (ownLabels[r], ownWeeks[r]) = (new List<int>(answers[r]), new List<int>(answers[r]));
        for (var a = 0; a < n; a++)
        {
            ownLabels[raters[a]].Add(labels[a]);
            ownWeeks[raters[a]].Add(weekOf[a]);
        }

        var weekly = Weekly(counts, team, weeks, answers, settings, seed, cancellationToken);
        var changes = new DistributionChange?[raterCount];
        for (var r = 0; r < raterCount; r++)
            changes[r] = Change(r, ownLabels[r], ownWeeks[r], counts, team, weeks, settings, Mix(seed, (ulong)r + 1), cancellationToken);

        // Holm across the annotators that had a candidate week.
        var tested = Enumerable.Range(0, raterCount).Where(r => changes[r] is { CandidateWeeks: > 0 }).ToArray();
        var adjusted = MultipleTesting.Holm(tested.Select(r => changes[r]!.TeamPValue).ToArray());
        for (var i = 0; i < tested.Length; i++)
        {
            var c = changes[tested[i]]!;
            changes[tested[i]] = c with
            {
                AdjustedTeamPValue = adjusted[i],
                Flagged = c.ChangeWeek is not null && c.SelfPValue < settings.DistributionAlpha && adjusted[i] < settings.DistributionAlpha,
            };
        }

        var result = new LabelDistributionResult[raterCount];
        for (var r = 0; r < raterCount; r++)
            result[r] = new LabelDistributionResult(answers[r], weekly[r], changes[r],
                changes[r] is { CandidateWeeks: > 0 } ? null
                    : $"needs at least {settings.MinDistributionAnswers} answers on each side of a week boundary to test for a change");
        return result;
    }

    private static List<WeeklyDistribution>[] Weekly(long[][][] counts, long[][] team, List<DateTime> weeks, int[] answers,
        DriftSettings settings, ulong seed, CancellationToken cancellationToken)
    {
        var raterCount = counts.Length;
        var result = new List<WeeklyDistribution>[raterCount];
        for (var r = 0; r < raterCount; r++) result[r] = [];
        for (var k = 0; k < weeks.Count; k++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var rows = new List<(int Rater, WeeklyDistribution Point)>();
            for (var r = 0; r < raterCount; r++)
            {
                var own = counts[r][k];
                var n = own.Sum();
                if (n < settings.MinWeekAnswers) continue;
                var rest = Subtract(team[k], own);
                var test = ChiSquare.Homogeneity(own, rest, settings.Permutations, Mix(seed, (ulong)(k * raterCount + r) + 0x5EED));
                rows.Add((r, new WeeklyDistribution(weeks[k], own, rest, Divergence.JensenShannon(own, rest),
                    Divergence.PopulationStability(own, rest), test, null)));
            }
            var defined = rows.Where(x => x.Point.Test is not null).ToArray();
            var adjusted = MultipleTesting.Holm(defined.Select(x => x.Point.Test!.PValue).ToArray());
            var adjustedOf = new Dictionary<int, double>();
            for (var i = 0; i < defined.Length; i++) adjustedOf[defined[i].Rater] = adjusted[i];
            foreach (var (rater, point) in rows)
                result[rater].Add(point with { AdjustedPValue = adjustedOf.TryGetValue(rater, out var p) ? p : null });
        }
        return result;
    }

    private static DistributionChange? Change(int rater, List<int> own, List<int> ownWeek,
        long[][][] counts, long[][] team, List<DateTime> weeks, DriftSettings settings, ulong seed,
        CancellationToken cancellationToken)
    {
        var labelCount = team.Length > 0 ? team[0].Length : 0;
        if (own.Count == 0) return null;
        var total = new long[labelCount];
        foreach (var l in own) total[l]++;
        // Candidate change weeks: boundaries with enough of her answers on both sides.
        var candidates = new List<(int Week, int Position)>();
        var position = 0;
        for (var k = 1; k < weeks.Count; k++)
        {
            while (position < ownWeek.Count && ownWeek[position] < k) position++;
            if (position == ownWeek.Count) break;
            if (position >= settings.MinDistributionAnswers && own.Count - position >= settings.MinDistributionAnswers
                && (candidates.Count == 0 || candidates[^1].Position != position))
                candidates.Add((k, position));
        }
        if (candidates.Count == 0)
            return new DistributionChange(0, 0, 1, null, null, null, null, null, null, null, null, null, null, null, 1, 1, null, false);

        var positions = candidates.Select(c => c.Position).ToArray();
        var observed = MaxSplitStatistic(own.ToArray(), positions, total);
        var shuffled = own.ToArray();
        var random = new SeededRandom(seed);
        var extreme = 0;
        for (var p = 0; p < settings.Permutations; p++)
        {
            if ((p & 63) == 0) cancellationToken.ThrowIfCancellationRequested();
            for (var i = shuffled.Length - 1; i > 0; i--)
            {
                var j = (int)(random.NextOpenDouble() * (i + 1));
                (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]);
            }
            if (MaxSplitStatistic(shuffled, positions, total) >= observed * (1 - 1e-12)) extreme++;
        }
        var selfP = (1.0 + extreme) / (1.0 + settings.Permutations);

        // The team comparison at each candidate; keep the strongest one where her divergence from the team grew.
        (int Week, ChiSquareTest Test, long[] Before, long[] After, long[] TeamBefore, long[] TeamAfter, double JsBefore, double JsAfter)? best = null;
        foreach (var (week, _) in candidates)
        {
            var before = Period(counts[rater], 0, week);
            var after = Period(counts[rater], week, weeks.Count);
            var teamBefore = Subtract(Period(team, 0, week), before);
            var teamAfter = Subtract(Period(team, week, weeks.Count), after);
            var test = ChiSquare.Homogeneity(after, teamAfter, settings.Permutations, Mix(seed, (ulong)week));
            var jsBefore = Divergence.JensenShannon(before, teamBefore);
            var jsAfter = Divergence.JensenShannon(after, teamAfter);
            if (test is null || jsBefore is null || jsAfter is null || jsAfter <= jsBefore) continue;
            if (best is null || test.PValue < best.Value.Test.PValue)
                best = (week, test, before, after, teamBefore, teamAfter, jsBefore.Value, jsAfter.Value);
        }
        if (best is not { } b)
            return new DistributionChange(candidates.Count, observed, selfP, null, null, null, null, null, null, null, null, null, null, null, 1, 1, null, false);

        var label = 0;
        double nb = b.Before.Sum(), na = b.After.Sum(), largest = -1;
        for (var l = 0; l < labelCount; l++)
        {
            var shift = Math.Abs(b.After[l] / na - b.Before[l] / nb);
            if (shift > largest) (largest, label) = (shift, l);
        }
        var teamP = Math.Min(1, b.Test.PValue * candidates.Count);
        return new DistributionChange(candidates.Count, observed, selfP, weeks[b.Week], candidates.First(c => c.Week == b.Week).Position,
            b.Before, b.After, b.TeamBefore, b.TeamAfter, b.JsBefore, b.JsAfter, Divergence.PopulationStability(b.After, b.TeamAfter),
            Divergence.JensenShannon(b.After, b.Before), b.Test, teamP, teamP, label, false);
    }

    /// <summary>The largest X² of "answers before position p" against "answers from p on" over the candidate positions.</summary>
    private static double MaxSplitStatistic(int[] sequence, int[] positions, long[] total)
    {
        Span<long> before = stackalloc long[total.Length];
        Span<long> after = stackalloc long[total.Length];
        before.Clear();
        long n = sequence.Length;
        var at = 0;
        var max = 0.0;
        foreach (var position in positions)
        {
            for (; at < position; at++) before[sequence[at]]++;
            for (var l = 0; l < total.Length; l++) after[l] = total[l] - before[l];
            max = Math.Max(max, ChiSquare.Statistic(before, after, position, n - position));
        }
        return max;
    }

    private static long[] Period(long[][] byWeek, int from, int to)
    {
        var sum = new long[byWeek.Length > 0 ? byWeek[0].Length : 0];
        for (var k = from; k < to; k++)
            for (var l = 0; l < sum.Length; l++) sum[l] += byWeek[k][l];
        return sum;
    }

    private static long[] Subtract(long[] all, long[] part)
    {
        var rest = new long[all.Length];
        for (var l = 0; l < all.Length; l++) rest[l] = all[l] - part[l];
        return rest;
    }

    internal static ulong Mix(ulong seed, ulong salt) => (seed ^ (salt * 0x9E3779B97F4A7C15UL)) * 0xBF58476D1CE4E5B9UL + salt;
}
