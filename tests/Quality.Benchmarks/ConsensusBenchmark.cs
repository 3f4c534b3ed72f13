using System.Collections;
using System.Diagnostics;
using System.Globalization;
using Quality.Analytics;
using Quality.Analytics.Consensus;

namespace Quality.Benchmarks;

/// <summary>
/// Times majority vote and Dawid–Skene (to convergence) on a generated crowd: items × annotators × classes, each
/// cell missing with a given probability. Call <see cref="Run"/> from the benchmark entry point.
/// </summary>
public static class ConsensusBenchmark
{
    /// <summary>
    /// Timings of one run in milliseconds (wall clock, and CPU time of the process summed over its threads: on a
    /// shared machine the CPU time is the steadier figure), and what the fit reported.
    /// </summary>
    public sealed record Result(int Items, int Answers, double GenerateMs, double MajorityVoteMs, double DawidSkeneMs,
        double DawidSkeneCpuMs, int Iterations, bool Converged, double? AccuracyVsTruth);

    /// <param name="raterPool">When above 0, each of an item's <paramref name="annotators"/> answers comes from a rater
    /// drawn from a pool of this size (a crowd: almost every item then has its own answer pattern).</param>
    public static Result Run(int items = 1_000_000, int annotators = 5, int classes = 5, double missing = 0.10,
        int seed = 20240601, DawidSkeneOptions? options = null, TextWriter? log = null, int raterPool = 0)
    {
        log ??= Console.Out;
        var clock = Stopwatch.StartNew();
        var (set, truth) = Generate(items, annotators, classes, missing, seed, raterPool);
        var generateMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        MajorityVote.Compute(set, truth);
        var majorityMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var fit = DawidSkene.Fit(set, truth, (options ?? new DawidSkeneOptions()) with { ClampGold = false });
        var dawidSkeneMs = clock.Elapsed.TotalMilliseconds;
        var dawidSkeneCpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;

        var result = new Result(items, set.Count, generateMs, majorityMs, dawidSkeneMs, dawidSkeneCpuMs, fit.Iterations, fit.Converged,
            fit.AccuracyVsGold?.Value);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"consensus: {items:N0} items, {set.Count:N0} answers, {set.RaterCount} annotators, {classes} classes; generate {generateMs:F0} ms, " +
            $"majority vote {majorityMs:F0} ms, Dawid-Skene {dawidSkeneMs:F0} ms (CPU {dawidSkeneCpuMs:F0} ms; {fit.Iterations} iterations, converged {fit.Converged}, " +
            $"accuracy vs truth {fit.AccuracyVsGold?.Value:F4}) on {Environment.ProcessorCount} cores"));
        return result;
    }

    /// <summary>Truth ~ a skewed prior; annotator j is right with probability 0.9 − 0.1·(j mod 5), else uniform over the rest.</summary>
    private static (RatingSet Set, int[] Truth) Generate(int items, int annotators, int classes, double missing, int seed, int raterPool)
    {
        var random = new Random(seed);
        var prior = Enumerable.Range(1, classes).Select(c => 1.0 / c).ToArray();
        var total = prior.Sum();
        var truth = new int[items];
        var itemCodes = new List<int>(items * annotators);
        var raterCodes = new List<int>(items * annotators);
        var labelCodes = new List<int>(items * annotators);
        for (var i = 0; i < items; i++)
        {
            var u = random.NextDouble() * total;
            var t = 0;
            while (t < classes - 1 && (u -= prior[t]) > 0) t++;
            truth[i] = t;
            for (var j = 0; j < annotators; j++)
            {
                if (random.NextDouble() < missing) continue;
                var rater = raterPool > 0 ? random.Next(raterPool) : j;
                var accuracy = Math.Max(0.45, 0.9 - 0.1 * (rater % 5));
                var label = t;
                if (random.NextDouble() >= accuracy)
                {
                    label = random.Next(classes - 1);
                    if (label >= t) label++;
                }
                itemCodes.Add(i);
                raterCodes.Add(rater);
                labelCodes.Add(label);
            }
        }
        var set = new RatingSet(itemCodes.ToArray(), raterCodes.ToArray(), labelCodes.ToArray(),
            new CodeNames("item", items), new CodeNames("annotator", raterPool > 0 ? raterPool : annotators), new CodeNames("class", classes));
        return (set, truth);
    }

    /// <summary>Names made on demand, so a million items do not need a million strings.</summary>
    private sealed class CodeNames(string prefix, int count) : IReadOnlyList<string>
    {
        public string this[int index] => prefix + index.ToString(CultureInfo.InvariantCulture);
        public int Count => count;
        public IEnumerator<string> GetEnumerator() { for (var i = 0; i < count; i++) yield return this[i]; }
        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
